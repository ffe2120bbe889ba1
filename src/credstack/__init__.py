"""credstack: an open-source micro-credentialing platform."""

__version__ = "0.1.0"
