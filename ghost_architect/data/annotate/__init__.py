"""Annotators: plugins (``register_annotators``) that label one screenshot with gold DDL.

An annotator's reply is untrusted text: `ghost data annotate` keeps only what the schema layer
makes of it (parsed, checked, executed in a locked-down SQLite, rendered back), never the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ghost_architect.errors import GhostError


@dataclass(frozen=True)
class Annotation:
    """What an annotator answered for one screenshot."""

    text: str  # the reply holding CREATE TABLE statements (untrusted)
    notes: list[str] = field(default_factory=list)  # remarks for the person reviewing it


class Annotator(Protocol):
    """Labels a screenshot with the CREATE TABLE statements behind it."""

    name: str
    description: str
    needs_network: bool  # whether it sends the screenshot off this machine
    model: str | None  # the model that labels (shown in the records and the review)

    def unavailable_reason(self) -> str | None:
        """None when usable here, else why not and how to fix it."""
        ...

    def annotate(self, image: Path, layout: str) -> Annotation:
        """Label the screenshot ``image`` (``layout``: its perceived text); raise GhostError
        when no answer came."""
        ...


class AnnotatorError(GhostError):
    """An annotator gave no answer for one screenshot (the batch goes on)."""
