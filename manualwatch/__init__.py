"""manualwatch: watch an online procedures manual and tell people exactly what changed."""

__version__ = "0.1.0"
