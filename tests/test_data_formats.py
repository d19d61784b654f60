"""Each built-in dataset format round-trips records -> Example through load_dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from datasets import Dataset

from ghost_architect.builtin.datasets import Alpaca, GhostVision, Messages, ShareGPT
from ghost_architect.data.dataset import load_dataset
from ghost_architect.errors import GhostError

FORMATS = {f.name: f for f in (Alpaca(), ShareGPT(), Messages(), GhostVision())}
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_alpaca(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "instruction": "Name a table",
                "input": "for users",
                "output": "users",
                "system": "Be brief",
            }
        ],
    )
    ds = load_dataset(path, FORMATS)
    assert ds.format == "alpaca" and not ds.problems
    assert ds.examples[0].messages == [
        {"role": "system", "content": "Be brief"},
        {"role": "user", "content": "Name a table\n\nfor users"},
        {"role": "assistant", "content": "users"},
    ]


@pytest.mark.parametrize(
    "turns",
    [
        [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello"}],
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
    ],
)
def test_sharegpt_both_styles(tmp_path, turns):
    ds = load_dataset(write_jsonl(tmp_path / "s.jsonl", [{"conversations": turns}]), FORMATS)
    assert ds.format == "sharegpt" and not ds.problems
    assert [m["role"] for m in ds.examples[0].messages] == ["user", "assistant"]


def test_messages_from_json_array_and_hf_folder(tmp_path):
    records = [
        {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": "a"}]}
        for i in range(3)
    ]
    (tmp_path / "m.json").write_text(json.dumps(records))
    assert len(load_dataset(tmp_path / "m.json", FORMATS).examples) == 3
    Dataset.from_list(records).save_to_disk(str(tmp_path / "hf"))
    ds = load_dataset(tmp_path / "hf", FORMATS)
    assert ds.format == "messages" and len(ds.examples) == 3
    assert ds.examples[2].messages[0]["content"] == "q2"


def test_ghost_vision_samples_shipped_in_repo():
    ds = load_dataset(SAMPLES / "train.jsonl", FORMATS)
    assert ds.format == "ghost-vision" and not ds.problems
    example = ds.examples[0]
    assert Path(example.images[0]).is_file()
    assert example.messages[-1]["content"].startswith("CREATE TABLE")
    assert example.meta["kind"] in {"form", "table", "detail", "master_detail", "dashboard"}


def test_forced_format_and_undetectable(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"prompt": "p", "answer": "a"}])
    with pytest.raises(GhostError, match="cannot detect the dataset format"):
        load_dataset(path, FORMATS)
    with pytest.raises(GhostError, match="unknown dataset format 'csv'"):
        load_dataset(path, FORMATS, "csv")
    forced = load_dataset(path, FORMATS, "alpaca")
    assert forced.problems[0].field == "instruction"
