"""cybercheck: checks a person's accounts and devices for signs of stalking through technology.

The plugin API is re-exported here: a check subclasses `Check`, declares its `Need`s and
yields `Finding`s with `Evidence`.
"""

from cybercheck.version import __version__

__all__ = ["__version__"]
