"""SQL names: any label a screen or a model writes, as a safe snake_case identifier."""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from anyascii import anyascii


def normalise_name(name: str) -> str:
    """snake_case ASCII: other scripts transliterated (Prénom -> prenom, Имя -> imya), anything
    but letters, digits and _ collapsed, a leading digit prefixed with t_."""
    name = anyascii(name.strip().strip('`"[]'))
    name = re.sub(r"[^0-9a-zA-Z_]+", "_", name).strip("_")
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return name if name and not name[0].isdigit() else f"t_{name}"


def singular(name: str) -> str:
    """English singular of a snake_case table name (customers -> customer, categories ->
    category, addresses -> address, courses -> course)."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "ches", "shes", "xes")):
        return name[:-2]
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


@lru_cache(maxsize=4096)
def _sqlite_takes_bare(name: str) -> bool:
    """Whether SQLite accepts ``name`` unquoted as a table and column name (keywords such as
    order, group or check it does not): asked of a scratch in-memory database."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"CREATE TABLE {name} ({name} INTEGER)")
        return True
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def quote(name: str) -> str:
    """``name`` as written in DDL: bare when it is a plain identifier SQLite accepts, else in
    double quotes (with any quote inside doubled)."""
    if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and _sqlite_takes_bare(name):
        return name
    return '"' + name.replace('"', '""') + '"'
