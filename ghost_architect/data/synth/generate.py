"""`ghost data synth`: render N screens with exact gold SQL, split by domain, reproducibly.

Same seed, same renderer, same library versions -> byte-identical files.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar, Protocol

import sqlglot
from PIL import Image

from ghost_architect import atomic
from ghost_architect.data.synth.catalogue import DOMAINS, Domain
from ghost_architect.data.synth.procedural import is_procedural, procedural_domain
from ghost_architect.data.synth.screens import RELATED_KINDS, SCREEN_KINDS, Screen, ScreenSampler
from ghost_architect.data.synth.wording import vague_title
from ghost_architect.errors import GhostError
from ghost_architect.perception.image import screen_rgb
from ghost_architect.prompts import text_messages

SPLIT_SHARES = (("train", 0.7), ("val", 0.15), ("test", 0.15))
SPLITS = tuple(name for name, _ in SPLIT_SHARES)


class Renderer(Protocol):
    """Draws a Screen to a PNG. It may also offer ``session()``, a context manager that holds
    what is costly to start (a browser) open across every render inside it."""

    name: str
    description: str

    def unavailable_reason(self) -> str | None: ...

    def render(self, screen: Screen, path: Path) -> None: ...


def opened(renderer: Renderer) -> AbstractContextManager[object]:
    """The renderer's session for a whole run where it has one, else nothing to open."""
    session = getattr(renderer, "session", None)
    return session() if callable(session) else nullcontext()


@dataclass
class SynthSummary:
    out: Path
    count: int
    by_split: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    by_domain: Counter = field(default_factory=Counter)
    procedural: int = 0  # train screens drawn over a fresh procedural domain


def unknown_splits(names: tuple[str, ...]) -> list[str]:
    """The names in ``names`` that are no split ("(none)" when it is empty)."""
    return [n for n in names if n not in SPLITS] or ([] if names else ["(none)"])


def domain_splits(domains: tuple[Domain, ...] = DOMAINS, split_seed: int = 0) -> dict[str, str]:
    """Assign whole domains to train/val/test, so the test split holds unseen domains.

    Independent of the generation seed: every generated set shares one test split."""
    names = sorted(d.name for d in domains)
    random.Random(f"ghost-split:{split_seed}").shuffle(names)
    result: dict[str, str] = {}
    start = 0
    for index, (split, share) in enumerate(SPLIT_SHARES):
        end = len(names) if index == len(SPLIT_SHARES) - 1 else start + round(share * len(names))
        result.update({name: split for name in names[start:end]})
        start = end
    return result


def check_gold(sql: str, screen_id: str) -> None:
    """Every gold schema must parse (sqlglot) and execute (SQLite); anything else is a bug."""
    try:
        sqlglot.parse(sql, read="sqlite")
        connection = sqlite3.connect(":memory:")
        connection.executescript(sql)
        connection.close()
    except Exception as exc:  # pragma: no cover - a generator bug, reported loudly
        raise GhostError(f"generator bug: gold SQL of {screen_id} is invalid: {exc}") from exc


def check_renderer(renderer: Renderer) -> None:
    """Fail with how to fix it when the renderer cannot run here."""
    reason = renderer.unavailable_reason()
    if reason:
        raise GhostError(
            f"renderer '{renderer.name}' is unavailable: {reason}",
            "install what it names, or use --renderer pillow, which needs no browser",
        )


@dataclass(frozen=True)
class Mix:
    """The shares a set draws its screens by, each from its own random stream (so a set with a
    share at 0 is the set without it). ``procedural``: train screens drawn over a fresh
    procedural domain instead of their catalogue one (val/test screens are unchanged);
    ``related``: screens of a RELATED_KINDS family (a record with its related lists, a record
    entered with its lines) instead of a ``kinds`` one; ``wide``: procedural domains that are
    wide (dense admin screens: records of 8-22 columns picking lookups from selects);
    ``vague``: screens whose title names no table (wording.vague_title); ``nonce``: procedural
    screens with about half their attribute columns named by two common words no vocabulary
    holds (procedural.nonce_name), so their labels can only be copied."""

    procedural: float = 0.0
    related: float = 0.0
    wide: float = 0.0
    vague: float = 0.0
    nonce: float = 0.0

    FLAGS: ClassVar[dict[str, str]] = {"procedural": "--procedural", "related": "--related",
                                       "wide": "--wide", "vague": "--vague-titles",
                                       "nonce": "--nonce"}  # fmt: skip

    def check(self) -> None:
        """One line naming the flag of a share outside [0, 1]."""
        for name, flag in self.FLAGS.items():
            share = getattr(self, name)
            if not 0 <= share <= 1:
                raise GhostError(f"{flag} {share}: need a share between 0 and 1")

    def flags(self) -> str:
        """The `ghost data synth` flags that draw this mix (" --procedural 0.9 --wide 0.7")."""
        return "".join(f" {flag} {getattr(self, name):g}" for name, flag in self.FLAGS.items()
                       if getattr(self, name))  # fmt: skip


def sample_screen(
    index: int,
    seed: int,
    kinds: tuple[str, ...],
    domains: tuple[Domain, ...],
    mix: Mix = Mix(),
    splits: dict[str, str] | None = None,
) -> Screen:
    """Screen ``index`` of a set drawn by ``mix`` (``splits``: each catalogue domain's split;
    only train domains give way to procedural ones)."""
    procedural, related, wide, vague = mix.procedural, mix.related, mix.wide, mix.vague
    rng = random.Random(f"ghost-synth:{seed}:{index}")
    domain = rng.choice(domains)
    kind = rng.choice(kinds)
    sampler_seed = rng.randrange(2**32)
    if related > 0:
        several = random.Random(f"ghost-related:{seed}:{index}")
        if several.random() < related:
            kind = several.choice(RELATED_KINDS)
    if procedural > 0 and (splits or {}).get(domain.name) == "train":
        fresh = random.Random(f"ghost-procedural:{seed}:{index}")
        if fresh.random() < procedural:
            dense = wide > 0 and random.Random(f"ghost-wide:{seed}:{index}").random() < wide
            words = random.Random(f"ghost-nonce:{seed}:{index}")
            nonce = words if mix.nonce > 0 and words.random() < mix.nonce else None
            domain = procedural_domain(fresh, f"{seed}_{index:05d}", wide=dense, nonce=nonce)
    screen = ScreenSampler(domain, sampler_seed).sample(f"s{seed}-{index:05d}", kind)
    if vague > 0:
        titles = random.Random(f"ghost-vague:{seed}:{index}")
        if titles.random() < vague:
            screen = replace(screen, title=vague_title(titles, screen.app))
    return screen


def generate(
    n: int,
    seed: int,
    out: Path,
    renderer: Renderer,
    kinds: tuple[str, ...] = SCREEN_KINDS,
    domains: tuple[Domain, ...] = DOMAINS,
    overwrite: bool = False,
    on_progress: Callable[[int], None] | None = None,
    force: bool = False,
    mix: Mix = Mix(),
    only: tuple[str, ...] = SPLITS,
) -> SynthSummary:
    """Write ``n`` samples under ``out``: staged, then moved into place and listed in its
    manifest. ``overwrite`` replaces only what an earlier synth listed there; ``force`` writes
    into a folder holding other files (they are kept). ``mix``: the shares the screens are
    drawn by (Mix). ``only``: the splits to write; screens of the others are skipped
    unrendered, so the ids written are those of the full set with the same seed."""
    if n < 1:
        raise GhostError(f"--n {n}: need at least 1 sample")
    mix.check()
    unknown = unknown_splits(only)
    if unknown:
        raise GhostError(f"--splits {','.join(unknown)}: unknown split", f"use {','.join(SPLITS)}")
    check_renderer(renderer)
    splits = domain_splits()
    fresh_train = mix.procedural > 0 and "train" in only
    if not fresh_train and not any(splits.get(d.name) in only for d in domains):
        raise GhostError(  # else the loop below would look for such screens for ever
            f"--splits {','.join(only)}: none of the given domains falls in them",
            "name a split the domains fall in, or add procedural train screens",
        )
    summary = SynthSummary(out, n)
    records: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    text_records: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    drawn: list[tuple[str, str, Path]] = []  # (family, style, image) for the contact sheet
    with atomic.manifest_dir(out, overwrite, force) as stage, opened(renderer):
        for sub in ("images", "gold", "visible"):
            (stage / sub).mkdir()
        index = -1
        while summary.by_split.total() < n:
            index += 1
            screen = sample_screen(index, seed, kinds, domains, mix, splits)
            fresh = is_procedural(screen.domain)
            split = "train" if fresh else splits[screen.domain]
            if split not in only:
                continue
            sql = screen.gold.to_sql()
            check_gold(sql, screen.id)
            image = stage / "images" / f"{screen.id}.png"
            renderer.render(screen, image)
            drawn.append((screen.kind, screen.theme.style, image))
            (stage / "gold" / f"{screen.id}.sql").write_text(sql)
            visible = screen.visible()
            (stage / "visible" / f"{screen.id}.json").write_text(
                json.dumps(visible, indent=1) + "\n"
            )
            layout = screen.layout().to_text()
            record = {
                "id": screen.id,
                "image": f"images/{screen.id}.png",
                "sql": sql,
                "notes": f"{screen.kind} screen of the {screen.domain} domain",
                "domain": screen.domain,
                "kind": screen.kind,
                "split": split,
                "layout": layout,
            }
            records[split].append(json.dumps(record))
            text_records[split].append(
                json.dumps({"id": screen.id, "messages": text_messages(layout, sql)})
            )
            summary.by_split[split] += 1
            summary.by_kind[screen.kind] += 1
            summary.by_domain[screen.domain] += 1
            summary.procedural += fresh
            if on_progress:
                on_progress(summary.by_split.total())
        for split, lines in records.items():
            if split not in only:
                continue
            (stage / f"{split}.jsonl").write_text("".join(line + "\n" for line in lines))
            (stage / f"text-{split}.jsonl").write_text(
                "".join(line + "\n" for line in text_records[split])
            )
        contact_sheet(varied(drawn), stage / "contact-sheet.png")
        (stage / "README.md").write_text(dataset_card(summary, seed, renderer.name, mix, only))
    return summary


def varied(drawn: list[tuple[str, str, Path]], count: int = 12) -> list[Path]:
    """Up to ``count`` images, those showing a family or style not yet picked first."""
    picks: list[Path] = []
    kinds: set[str] = set()
    styles: set[str] = set()
    for news in (2, 1, 0):
        for kind, style, path in drawn:
            fresh = (kind not in kinds) + (style not in styles)
            if len(picks) < count and path not in picks and fresh >= news:
                picks.append(path)
                kinds.add(kind)
                styles.add(style)
    return picks


def contact_sheet(images: list[Path], path: Path, columns: int = 4, cell: int = 420) -> None:
    """A grid of thumbnails (top of each screen) to eyeball a generated set."""
    if not images:
        return
    rows = (len(images) + columns - 1) // columns
    height = int(cell * 0.75)
    sheet = Image.new("RGB", (columns * (cell + 8) + 8, rows * (height + 8) + 8), "#888888")
    for i, image_path in enumerate(images):
        thumb = screen_rgb(image_path)
        thumb = thumb.resize((cell, max(1, int(thumb.height * cell / thumb.width))))
        thumb = thumb.crop((0, 0, cell, min(height, thumb.height)))
        sheet.paste(thumb, (8 + (i % columns) * (cell + 8), 8 + (i // columns) * (height + 8)))
    sheet.save(path, format="PNG")


def dataset_card(
    summary: SynthSummary,
    seed: int,
    renderer: str,
    mix: Mix = Mix(),
    only: tuple[str, ...] = SPLITS,
) -> str:
    def table(counter: Counter) -> str:
        return "\n".join(f"| {k} | {v} |" for k, v in sorted(counter.items()))

    splits = domain_splits()
    held_out = ", ".join(sorted(d for d, s in splits.items() if s == "test"))
    procedural, related, wide, vague = mix.procedural, mix.related, mix.wide, mix.vague
    flag = mix.flags()
    flag += f" --splits {','.join(only)}" if tuple(only) != SPLITS else ""
    several = (
        f" (and, in a share {related:g} of the screens, {' and '.join(RELATED_KINDS)}: several "
        "related records on one screen)"
        if related
        else ""
    ) + (
        f"; in a share {vague:g} of the screens the page title names no table (the app, a "
        "record number or a generic line), so table names must come from the fields"
        if vague
        else ""
    )
    fresh = (
        f"\n\nProcedural domains: {summary.procedural} of the {summary.by_split['train']} train "
        f"screens (share {procedural:g}) show a fresh domain composed from an entity vocabulary "
        "and column archetypes (procedural.toml; names start with `proc_`), so the model must "
        "copy labels instead of recalling catalogue columns. Val and test are the same catalogue "
        "screens as with `--procedural 0`."
        + (
            f" A share {wide:g} of them are wide: dense admin records of 8-22 columns that pick "
            "1-4 lookups (small tables of a name) from selects."
            if wide
            else ""
        )
        if procedural
        else ""
    )
    return f"""# Ghost Architect synthetic screenshot -> schema set

Generated by `ghost data synth --n {summary.count} --seed {seed} --renderer {renderer}{flag}`.
Same seed, renderer and library versions give byte-identical files.

Files: `images/ID.png` (the screen), `gold/ID.sql` (the schema the screen implies, valid DDL
that sqlglot parses and SQLite executes), `visible/ID.json` (what the screen shows: `fields`, every
field as drawn in reading order as `{{label, value, widget}}`, and `tables`, each data table's
visible headers and row count; plus blocks, chrome text, theme and the gold columns),
`train/val/test.jsonl` (ghost-vision records: image, sql, notes, layout text) and `text-*.jsonl`
(chat messages for text-only models: layout text in, DDL out).

Screens: page families {", ".join(SCREEN_KINDS)}{several}; forms with stacked, inline, floating or
placeholder-only labels in 1-3 columns; themes bootstrap, material, tailwind, plain (browser
defaults) and legacy, light or dark, in several fonts, sizes and densities.

Gold rule: each entity shown becomes a table with its primary key and the columns shown; a field
that refers to another entity implies a foreign key and the referenced table with its key and
display column; a modal's form and the list behind it both count. Types and constraints come from
the domain catalogue; required form fields carry `*`, `(required)` or no marker.

Splits are by domain; test domains (unseen in training): {held_out}.{fresh}

| split | screens |
|---|---|
{table(summary.by_split)}

| kind | screens |
|---|---|
{table(summary.by_kind)}
"""
