"""UI copy around the data: placeholders, help lines, select prompts, section and step names.

None of it implies a column; it is the text a real screen carries and a model must look past.
"""

from __future__ import annotations

import random

from ghost_architect.data.synth.catalogue import ColumnSpec

# column kind -> example placeholders (besides "Enter <label>")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "email": ("you@example.com", "name@company.com", "e.g. jane@example.org"),
    "phone": ("+1 (555) 000-0000", "e.g. 555-0100", "Phone number"),
    "first": ("Jane", "e.g. John"),
    "last": ("Doe", "e.g. Smith"),
    "name": ("Jane Doe", "e.g. John Smith", "Full name"),
    "url": ("https://", "https://example.com"),
    "money": ("0.00", "e.g. 99.00"),
    "pct": ("0%", "e.g. 15"),
    "date": ("YYYY-MM-DD", "dd/mm/yyyy", "Pick a date"),
    "ts": ("YYYY-MM-DD HH:MM", "Date and time"),
    "text": ("Write a few sentences…", "Add a description…", "Type here…"),
    "street": ("123 Main St", "Street and number"),
    "city": ("e.g. Berlin", "City"),
    "zip": ("e.g. 10115", "ZIP"),
    "secret": ("••••••••", "Enter your password", "At least 8 characters"),
}
HELP: dict[str, tuple[str, ...]] = {
    "email": ("We'll never share your email.", "Used for notifications.", "Must be unique."),
    "phone": ("Include the country code.", "Optional, for urgent matters."),
    "url": ("Must start with https://",),
    "text": ("Shown on the public page.", "Max. 500 characters."),
    "code": ("Must be unique.", "Letters and digits only."),
    "money": ("Before tax.", "In your account currency."),
    "date": ("Format: month/day/year.",),
    "secret": ("Use 8 or more characters with a mix of letters and numbers.",),
    "bool": ("You can change this later.",),
    "enum": ("Changes are logged.",),
    "qty": ("Whole numbers only.",),
}
SELECT_PROMPTS = ("Select…", "Choose…", "-- Select --", "Select an option", "Please select")
SECTION_TITLES = {
    "general": ("General", "Basic information", "Profile", "Details"),
    "contact": ("Contact", "Contact information", "Communication"),
    "status": ("Preferences", "Status", "Options", "Visibility"),
    "more": ("Additional details", "More", "Advanced", "Other"),
}
SECTION_TEXT = {
    "general": (
        "This information will be displayed publicly.",
        "Update the basic details of this record.",
        "Keep these details up to date.",
    ),
    "contact": (
        "How we can reach you.",
        "Use an address where you can receive mail.",
        "We only use this to contact you about your account.",
    ),
    "status": (
        "Decide what is active and who can see it.",
        "Choose how this record behaves.",
        "These settings take effect immediately.",
    ),
    "more": ("Optional fields for reporting.", "Rarely needed settings.", ""),
}
STEP_NAMES = {
    "general": ("Details", "Basics", "General"),
    "contact": ("Contact", "Contact info"),
    "status": ("Preferences", "Options", "Settings"),
    "more": ("Extras", "Additional info"),
}
FINAL_STEPS = ("Review", "Confirm", "Summary")


def column_group(spec: ColumnSpec) -> str:
    """Which section of a settings page or wizard a column belongs to."""
    if spec.kind in ("email", "phone", "street", "city", "country", "zip", "url"):
        return "contact"
    if spec.kind in ("bool", "enum"):
        return "status"
    if spec.kind in ("name", "first", "last", "title", "word", "company", "code", "secret"):
        return "general"
    return "more"


def placeholder(rng: random.Random, spec: ColumnSpec, label: str) -> str:
    examples = PLACEHOLDERS.get(spec.kind, ())
    if examples and rng.random() < 0.6:
        return rng.choice(examples)
    return "Enter " + label.lower().rstrip(":")


def help_line(rng: random.Random, spec: ColumnSpec) -> str:
    lines = HELP.get(spec.kind, ())
    return rng.choice(lines) if lines else ""


# Page titles that do not name the record: real screens are often titled by the app, a number, a
# step or a question (on the hand-made dev set the title names the main table on 21 of 76
# screens; on generated ones on two in three), so the table's name must come from the fields
VAGUE_TITLES = (
    "Details", "Edit", "New", "Overview", "Summary", "Review", "Untitled", "Your details",
    "Tell us a bit more", "Almost done", "Let's get started", "Before you continue",
    "How did we do?", "New entry", "Information", "General", "Quick add",
)  # fmt: skip


def vague_title(rng: random.Random, app: str) -> str:
    """A page title that names no table: the app, a record number, or a generic line."""
    pick = rng.random()
    if pick < 0.25:
        return app
    if pick < 0.45:
        return rng.choice(("#", "No. ", "REF-", "")) + str(rng.randint(100, 99999))
    if pick < 0.6:
        return f"{app} · {rng.choice(VAGUE_TITLES)}"
    return rng.choice(VAGUE_TITLES)
