"""`ghost data synth --vague-titles`: page titles that name no table, as on many real screens;
only the title changes, seeded, and off by default."""

from __future__ import annotations

import json
import re

from ghost_architect.data.synth.generate import Mix, generate
from ghost_architect.data.synth.render_pillow import PillowRenderer
from ghost_architect.data.synth.wording import VAGUE_TITLES


def records(folder) -> list[dict]:
    return [json.loads(line) for line in (folder / "train.jsonl").read_text().splitlines()]


def title(record: dict) -> str:
    return record["layout"].splitlines()[0].removeprefix("# ")


def test_vague_titles_change_only_the_title_and_name_no_table(tmp_path):
    args = dict(only=("train",), kinds=("form", "detail", "table", "wizard"))
    plain = generate(24, 4, tmp_path / "plain", PillowRenderer(), mix=Mix(procedural=0.5), **args)
    vague = generate(
        24, 4, tmp_path / "vague", PillowRenderer(), mix=Mix(procedural=0.5, vague=1.0), **args
    )
    again = generate(
        24, 4, tmp_path / "again", PillowRenderer(), mix=Mix(procedural=0.5, vague=1.0), **args
    )
    assert plain.by_split == vague.by_split == again.by_split
    before, after = records(tmp_path / "plain"), records(tmp_path / "vague")
    assert after == records(tmp_path / "again")
    numbered = re.compile(r"^(#|No\. |REF-)?\d{3,5}$")
    for old, new in zip(before, after, strict=True):
        assert (old["id"], old["sql"]) == (new["id"], new["sql"])
        assert old["layout"].splitlines()[1:] == new["layout"].splitlines()[1:]
        shown = title(new)
        app = re.fullmatch(r"[A-Z][A-Za-z0-9]+( · .+)?", shown)  # an app name, maybe + a line
        assert numbered.match(shown) or shown.split(" · ")[-1] in VAGUE_TITLES or app, shown
        nouns = {n.rstrip("s") for n in re.findall(r"CREATE TABLE (\w+)", new["sql"])}
        assert not any(noun.replace("_", " ") in shown.lower() for noun in nouns), shown
    assert sum(title(a) != title(b) for a, b in zip(before, after, strict=True)) >= 20
    assert "--vague-titles 1 " in (tmp_path / "vague" / "README.md").read_text()
    assert "vague" not in (tmp_path / "plain" / "README.md").read_text()


def test_vague_share_is_a_share(tmp_path):
    args = dict(only=("train",), kinds=("form",))
    generate(40, 6, tmp_path / "plain", PillowRenderer(), **args)
    generate(40, 6, tmp_path / "half", PillowRenderer(), mix=Mix(vague=0.5), **args)
    changed = sum(
        title(a) != title(b)
        for a, b in zip(records(tmp_path / "plain"), records(tmp_path / "half"), strict=True)
    )
    assert 8 <= changed <= 32
