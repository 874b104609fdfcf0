"""Pages of the jaarplan, one module per part (each with its own ``urls_<part>.py``)."""
