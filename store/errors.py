"""Errors raised by the store."""


class StoreError(Exception):
    """Base of every store error."""


class MigrationError(StoreError):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"migration {name} failed: {reason}")
        self.name = name


class NotFound(StoreError):
    """A run, chapter, version or subscriber that was asked for does not exist."""


class NoDatabase(StoreError):
    """A command that only reads found no database file where it was told to look."""

    def __init__(self, path: object) -> None:
        super().__init__(f"no database at {path} (run `manualwatch run` first, or check "
                         "[store] path)")


class NewerDatabase(StoreError):
    """The database holds migrations this version does not know: a newer one wrote it."""

    def __init__(self, path: object, names: list[str]) -> None:
        super().__init__(f"{path}: database was written by a newer manualwatch (unknown "
                         f"migrations: {', '.join(names)}); upgrade manualwatch to use it")
