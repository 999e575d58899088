"""qpdp-archive: archive of public local-defense news from Vietnamese government portals."""

__version__ = "0.1.0"
