"""Models of plans: added by the issue that builds this part of the portal."""
