"""`ghost data synth --nonce`: procedural columns named by words no vocabulary holds."""

from __future__ import annotations

from ghost_architect.data.synth.catalogue import DOMAINS
from ghost_architect.data.synth.generate import Mix, domain_splits, sample_screen
from ghost_architect.data.synth.procedural import NONCE_WORDS, VOCABULARY
from ghost_architect.data.synth.screens import SCREEN_KINDS

KNOWN = {a.split()[0] for g in VOCABULARY.groups.values() for a in g}
KNOWN |= {a.split()[0] for area in VOCABULARY.areas for a in area.columns}
KNOWN |= {c.name for d in DOMAINS for t in d.tables for c in t.columns}
KNOWN |= {"first_name", "last_name", "full_name", "company_name", "legal_name", "password_hash"}


def nonce_columns(screen) -> list[str]:
    return [c.name for t in screen.gold.tables for c in t.columns if c.name not in KNOWN
            and "_" in c.name and all(w in NONCE_WORDS for w in c.name.split("_"))]  # fmt: skip


def test_nonce_screens_name_columns_by_words_no_vocabulary_holds_and_show_them():
    splits = domain_splits()
    mix = Mix(procedural=1.0, nonce=1.0)
    screens = [sample_screen(i, 11, SCREEN_KINDS, DOMAINS, mix, splits) for i in range(40)]
    named = [(s, nonce_columns(s)) for s in screens]
    assert sum(bool(cols) for _, cols in named) >= 20  # about half the attribute columns
    # the screen shows most of them as their label (a grid or a card may show a few columns)
    pairs = [(c, s.layout().to_text().lower()) for s, cols in named for c in cols]
    shown = [c for c, text in pairs if c.replace("_", " ") in text]
    assert len(shown) >= 0.7 * len(pairs)
    again = [sample_screen(i, 11, SCREEN_KINDS, DOMAINS, mix, splits) for i in range(40)]
    assert again == screens  # seeded


def test_a_set_without_nonce_screens_is_the_set_it_was():
    splits = domain_splits()
    for i in range(30):
        plain = sample_screen(i, 5, SCREEN_KINDS, DOMAINS, Mix(procedural=0.6, wide=0.5), splits)
        none = sample_screen(i, 5, SCREEN_KINDS, DOMAINS, Mix(0.6, 0.0, 0.5, 0.0, 0.0), splits)
        assert plain == none and not nonce_columns(plain)
    assert Mix(procedural=0.5, nonce=0.3).flags() == " --procedural 0.5 --nonce 0.3"


def test_nonce_share_is_a_share_of_the_procedural_screens():
    splits = domain_splits()
    counts = {}
    for share in (0.3, 1.0):
        mix = Mix(procedural=1.0, nonce=share)
        screens = [sample_screen(i, 13, SCREEN_KINDS, DOMAINS, mix, splits) for i in range(200)]
        counts[share] = sum(bool(nonce_columns(s)) for s in screens)
    assert 0.15 <= counts[0.3] / counts[1.0] <= 0.45
