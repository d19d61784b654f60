"""Built-in annotators, registered through the same hook a third-party one uses. None is used
unless named: `ghost data annotate --annotator NAME`."""

from __future__ import annotations

from ghost_architect.data.annotate.openai_compatible import OpenAICompatibleAnnotator
from ghost_architect.hookspecs import Register, hookimpl


@hookimpl
def register_annotators(register: Register) -> None:
    register(OpenAICompatibleAnnotator())
