"""The GBNF grammar of the DDL the product writes (CREATE TABLE statements only), given to any
engine that says it decodes under one (``supports_grammar``)."""

from __future__ import annotations

from pathlib import Path

DDL_GRAMMAR = Path(__file__).with_name("ddl.gbnf")


def ddl_grammar() -> str:
    """The grammar's text."""
    return DDL_GRAMMAR.read_text()
