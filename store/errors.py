"""Errors raised by the store."""


class StoreError(Exception):
    """Base of every store error."""


class MigrationError(StoreError):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"migration {name} failed: {reason}")
        self.name = name


class NotFound(StoreError):
    """A run, chapter, version or subscriber that was asked for does not exist."""
