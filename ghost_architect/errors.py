"""The one exception type the CLI turns into a single clear line, and the exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # the command could not do its job (a missing model, a failed run, ...)
EXIT_USAGE = 2  # bad arguments or config, or an output that exists without --force
EXIT_UNREADABLE = 3  # an input file that cannot be read, or an image with nothing readable
EXIT_INVALID_OUTPUT = 4  # the model's reply gave no valid schema, even after repair
EXIT_INTERRUPTED = 130


class GhostError(Exception):
    """A user-facing error: what is wrong, (optionally) how to fix it, and the exit code."""

    def __init__(self, message: str, fix: str | None = None, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.code = code

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


class UsageError(GhostError):
    """Arguments, config or an existing output the command refuses: exit code 2."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message, fix, EXIT_USAGE)


class UnreadableInput(GhostError):
    """An input file that cannot be read, or holds nothing readable: exit code 3."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message, fix, EXIT_UNREADABLE)
