"""Built-in dataset file readers, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

from ghost_architect.data.readers import CsvReader, HfFolderReader, JsonLinesReader, JsonReader
from ghost_architect.hookspecs import Register, hookimpl


@hookimpl
def register_readers(register: Register) -> None:
    for reader in (JsonLinesReader(), JsonReader(), CsvReader(), HfFolderReader()):
        register(reader)
