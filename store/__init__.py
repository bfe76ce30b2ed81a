"""SQLite store of runs, chapters, versions, changes, subscribers and the email outbox."""

from store.database import open_database
from store.errors import StoreError

__all__ = ["open_database", "StoreError"]
