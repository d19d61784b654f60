"""The one exception type the CLI turns into a single clear line."""

from __future__ import annotations


class GhostError(Exception):
    """A user-facing error: what is wrong, and (optionally) how to fix it."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message
