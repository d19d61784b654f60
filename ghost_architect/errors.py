"""The one exception type the CLI turns into a single clear line, and the exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # the command could not do its job (a missing model, a failed run, ...)
EXIT_USAGE = 2  # bad arguments or config, or an output that exists without --force
EXIT_UNREADABLE = 3  # an input file that cannot be read, or an image with nothing readable
EXIT_INVALID_OUTPUT = 4  # the model's reply gave no valid schema, even after repair
EXIT_MISSING_EXTRA = 5  # the command needs an extra ([train], [app], ...) that is not installed
EXIT_INTERRUPTED = 130

# What `pip install 'ghost-architect[train]'` brings (and what it pulls in, like safetensors): the
# base install (infer, eval, the app, data perceive) runs without any of them.
TRAIN_MODULES = frozenset({"torch", "transformers", "peft", "trl", "accelerate", "bitsandbytes",
                           "datasets", "datasketch", "tomli_w", "safetensors"})  # fmt: skip
TRAIN_INSTALL = "pip install 'ghost-architect[train]'"


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


class MissingExtra(GhostError):
    """The command needs an extra ([train] unless named), which is not installed: exit code 5."""

    def __init__(self, command: str, module: str, extra: str = "train") -> None:
        what = "the training extra" if extra == "train" else f"the [{extra}] extra"
        super().__init__(
            f"`{command}` needs {what} ({module} is not installed)",
            f"pip install 'ghost-architect[{extra}]'",
            EXIT_MISSING_EXTRA,
        )


def missing_extra(exc: BaseException, command: str) -> MissingExtra | None:
    """The install line for ``command`` when ``exc``, or an error that caused it, is a module of
    the [train] extra that is not installed; else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ModuleNotFoundError):
            module = (current.name or "").partition(".")[0]
            if module in TRAIN_MODULES:
                return MissingExtra(command, module)
        suppressed = current.__suppress_context__
        current = current.__cause__ or (None if suppressed else current.__context__)
    return None
