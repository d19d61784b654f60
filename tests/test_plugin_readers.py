"""File readers are plugins: chosen by suffix, built-ins registered through the same hook,
duplicates and bad objects one warning naming the plugins; the format auto-detection rule."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ghost_architect import plugins
from ghost_architect.data.dataset import load_dataset
from ghost_architect.data.example import DatasetFormat, Example
from ghost_architect.data.readers import JsonLinesReader
from ghost_architect.data.records import RawRecord
from ghost_architect.errors import GhostError, UnreadableInput, UsageError
from ghost_architect.hookspecs import hookimpl

CHAT = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}


class GzipJsonl:
    name = "jsonl-gz"
    description = "gzipped JSON Lines"
    suffixes = (".jsonl.gz",)

    def read(self, path: Path):
        lines = gzip.decompress(path.read_bytes()).decode().splitlines()
        return [RawRecord(i, json.loads(line), i) for i, line in enumerate(lines, 1)], []


class Tsv:
    name = "tsv"
    description = "tab-separated, header row"
    suffixes = (".TSV",)  # matched without regard to case

    def read(self, path: Path):
        head, *rows = (line.split("\t") for line in path.read_text().splitlines())
        return [
            RawRecord(i, dict(zip(head, row, strict=True))) for i, row in enumerate(rows, 1)
        ], []


class Crashing(Tsv):
    name = "crashing"
    suffixes = (".boom",)

    def read(self, path: Path):
        raise ValueError("no such column\nsecond line")


class Shape(DatasetFormat):
    """A third-party format claiming the records built-in formats claim too."""

    description = "test"

    def __init__(self, name: str, keys: set[str]) -> None:
        self.name, self.keys = name, keys  # type: ignore[misc]

    def detect(self, record: dict) -> bool:
        return self.keys <= set(record)

    def to_example(self, record: dict, base_dir: Path) -> Example:
        return Example([{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}])


class Registers:
    """A plugin object registering ``readers`` and ``formats``."""

    def __init__(self, readers=(), formats=()) -> None:
        self.readers, self.formats = readers, formats

    @hookimpl
    def register_readers(self, register):
        for reader in self.readers:
            register(reader)

    @hookimpl
    def register_datasets(self, register):
        for fmt in self.formats:
            register(fmt)


@pytest.fixture
def install(monkeypatch):
    """Make a fresh manager with the given plugin objects the process-wide one."""

    def make(**named_plugins) -> plugins.GhostPluginManager:
        pm = plugins.build_plugin_manager(load_entry_points=False)
        for name, plugin in named_plugins.items():
            pm.register(plugin, name=name)
            pm.infos[name] = plugins.PluginInfo(name, "entry point: test 0", name)
        monkeypatch.setattr(plugins, "_pm", pm)
        return pm

    return make


def test_builtin_readers_register_through_the_hook(install):
    pm = install()
    readers = pm.registry("readers")
    assert set(readers) == {"jsonl", "json", "csv", "hf-datasets"}
    assert set(readers.owners.values()) == {"ghost_architect.builtin.readers"}
    assert readers.claims == {".jsonl": "jsonl", ".json": "json", ".csv": "csv", "/": "hf-datasets"}
    assert pm.hooks_of("ghost_architect.builtin.readers") == ["register_readers"]


def test_a_plugin_reader_is_chosen_by_suffix_longest_first(install, tmp_path):
    install(extra=Registers([GzipJsonl(), Tsv()]))
    zipped = tmp_path / "chat.jsonl.gz"
    zipped.write_bytes(gzip.compress((json.dumps(CHAT) + "\n").encode() * 2))
    dataset = load_dataset(zipped, plugins.named("datasets"))
    assert dataset.format == "messages" and len(dataset.examples) == 2
    table = tmp_path / "pairs.tsv"
    table.write_text("instruction\toutput\nname it\tusers\n")
    dataset = load_dataset(table, plugins.named("datasets"))
    assert dataset.format == "alpaca"
    assert dataset.examples[0].messages[-1] == {"role": "assistant", "content": "users"}


def test_plain_suffix_still_goes_to_the_builtin(install, tmp_path):
    install(extra=Registers([GzipJsonl()]))
    path = tmp_path / "chat.v2.jsonl"
    path.write_text(json.dumps(CHAT) + "\n")
    assert load_dataset(path, plugins.named("datasets")).format == "messages"


def test_an_unknown_suffix_names_every_reader_plugins_included(install, tmp_path):
    install(extra=Registers([Tsv()]))
    path = tmp_path / "data.xml"
    path.write_text("<x/>")
    with pytest.raises(GhostError) as caught:
        load_dataset(path, plugins.named("datasets"))
    assert str(caught.value) == (
        f"{path}: unsupported file type '.xml' (use .csv, .json, .jsonl, .tsv, a folder; "
        "a plugin can add a reader (see `ghost plugins`))"
    )


def test_a_duplicate_suffix_is_one_warning_naming_both_plugins(install):
    class MyCsv(Tsv):
        name = "my-csv"
        suffixes = (".tsv", ".csv")

    pm = install(rival=Registers([MyCsv()]))
    readers = pm.registry("readers")
    assert "my-csv" not in readers and readers.claims[".csv"] == "csv"
    assert pm.warnings == [
        "plugin 'rival' registers readers 'my-csv' for '.csv', already claimed by readers 'csv' "
        "of 'ghost_architect.builtin.readers'; kept the first"
    ]


def test_a_duplicate_name_and_bad_objects_are_one_warning_each(install):
    class NoRead:
        name, description, suffixes = "no-read", "", (".nr",)

    class BadSuffixes(Tsv):
        name, suffixes = "bad-suffixes", ".bs"

    pm = install(odd=Registers([JsonLinesReader(), NoRead(), BadSuffixes()]))
    assert set(pm.registry("readers")) == {"jsonl", "json", "csv", "hf-datasets"}
    assert pm.warnings == [
        "plugin 'odd' registers readers 'jsonl', already registered by "
        "'ghost_architect.builtin.readers'; kept the first",
        "plugin 'odd' registers readers 'no-read' without read; skipped it",
        "plugin 'odd' registers readers 'bad-suffixes' with bad suffixes: expected a non-empty "
        "tuple of strings, got '.bs'",
    ]


def test_a_crashing_reader_is_one_line_naming_reader_and_plugin(install, tmp_path):
    install(boom=Registers([Crashing()]))
    path = tmp_path / "x.boom"
    path.write_text("")
    with pytest.raises(UnreadableInput) as caught:
        load_dataset(path, plugins.named("datasets"))
    assert str(caught.value) == (
        f"{path}: reader 'crashing' (plugin 'boom') cannot read it: ValueError: no such column"
    )


def test_readers_can_be_passed_in(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("instruction\toutput\na\tb\n")
    dataset = load_dataset(path, plugins.named("datasets"), readers={"tsv": Tsv()})
    assert dataset.format == "alpaca"


def write_jsonl(path: Path, record: dict) -> Path:
    path.write_text(json.dumps(record) + "\n")
    return path


def test_a_plugin_format_beats_the_builtin_claiming_the_same_records(install, tmp_path):
    alpaca_like = {"instruction": "i", "output": "o", "lang": "sql"}
    path = write_jsonl(tmp_path / "a.jsonl", alpaca_like)
    assert load_dataset(path, plugins.named("datasets")).format == "alpaca"
    # registered after the built-ins, yet it wins: the rule is not the registration order
    install(mine=Registers(formats=[Shape("alpaca-sql", {"instruction", "lang"})]))
    assert load_dataset(path, plugins.named("datasets")).format == "alpaca-sql"
    # a record the plugin's format does not claim still goes to the built-in
    other = write_jsonl(tmp_path / "b.jsonl", {"instruction": "i", "output": "o"})
    assert load_dataset(other, plugins.named("datasets")).format == "alpaca"


def test_two_plugin_formats_claiming_a_record_is_an_error_naming_both(install, tmp_path):
    install(
        one=Registers(formats=[Shape("first", {"instruction"})]),
        two=Registers(formats=[Shape("second", {"output"})]),
    )
    path = write_jsonl(tmp_path / "a.jsonl", {"instruction": "i", "output": "o"})
    with pytest.raises(UsageError) as caught:
        load_dataset(path, plugins.named("datasets"))
    assert str(caught.value) == (
        f"{path}: record 1 fits the formats 'first' (plugin 'one') and 'second' (plugin 'two') "
        "(pass --format first or --format second)"
    )
    assert load_dataset(path, plugins.named("datasets"), "second").format == "second"


def test_builtins_alone_keep_their_registration_order(install, tmp_path):
    install()
    both = {**CHAT, "conversations": CHAT["messages"]}
    path = write_jsonl(tmp_path / "a.jsonl", both)
    assert load_dataset(path, plugins.named("datasets")).format == "sharegpt"


def test_a_crashing_detect_claims_nothing_and_is_one_warning(install, tmp_path):
    class Crashy(Shape):
        def detect(self, record: dict) -> bool:
            raise TypeError("bug")

    pm = install(crashy=Registers(formats=[Crashy("crashy", set())]))
    path = write_jsonl(tmp_path / "a.jsonl", CHAT)
    assert load_dataset(path, plugins.named("datasets")).format == "messages"
    assert pm.warnings == [
        "plugin 'crashy' failed in detect of dataset format 'crashy': TypeError: bug"
    ]


class Backwards(Shape):
    """A plugin format whose examples end on the user's turn: nothing to learn from."""

    def to_example(self, record: dict, base_dir: Path) -> Example:
        return Example([{"role": "assistant", "content": "a"}, {"role": "user", "content": "q"}])


def test_a_plugin_formats_turns_are_checked_like_a_builtins(install, tmp_path):
    install(mine=Registers(formats=[Backwards("backwards", {"q"})]))
    path = write_jsonl(tmp_path / "a.jsonl", {"q": "x"})
    dataset = load_dataset(path, plugins.named("datasets"))
    assert dataset.format == "backwards" and dataset.items == []
    (problem,) = dataset.problems
    assert problem.record == 1 and problem.field == "messages[0].role"
