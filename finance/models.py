"""Models of finance: added by the issue that builds this part of the portal."""
