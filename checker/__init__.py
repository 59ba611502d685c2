"""quotecheck: check the quotations of a Chinese article against their primary sources."""

__version__ = "0.1.0"
