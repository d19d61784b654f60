"""Grounding a model's schema in the screen text it read, and reading that text back."""

from __future__ import annotations

from conftest import run_ghost

from ghost_architect.grounding import ground_schema, label_column, screen_words
from ghost_architect.infer import Perceived, infer
from ghost_architect.perception.layout import Layout, LayoutBlock, LayoutField
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.serving.engine import Completion

SCREEN = Layout(
    title="Shipment SH-1042",
    chrome=["Save", "Cancel"],
    blocks=[
        LayoutBlock("form", "Booking", fields=[
            LayoutField("Reference number", "SH-1042", required=True, widget="input"),
            LayoutField("Carrier", "Nordic Freight", widget="select"),
            LayoutField("Pickup date", "2025-03-14", widget="input"),
            LayoutField("Gross weight", "1,250.50", widget="input", help="In kilograms."),
            LayoutField("E-mail address", "ops@example.org", widget="input"),
            LayoutField("Password", "", widget="input", placeholder="Password"),
        ]),
        LayoutBlock("table", "Stops", headers=["Port", "Arrival"],
                    rows=[["Oslo", "2025-03-20"], ["Hamburg", "2025-03-22"]]),
    ],
).to_text()  # fmt: skip

REPLY = """
CREATE TABLE carriers (id INTEGER PRIMARY KEY, name VARCHAR(120) NOT NULL);
CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  reference_number VARCHAR(20) NOT NULL UNIQUE,
  carrier_id INTEGER REFERENCES carriers(id),
  email VARCHAR(255),
  password_hash VARCHAR(255),
  is_fragile INTEGER DEFAULT 0 CHECK (is_fragile IN (0, 1)),
  tracking_code VARCHAR(20)
);
CREATE INDEX shipments_tracking ON shipments (tracking_code);
"""


def grounded(reply: str = REPLY, screen: str = SCREEN):
    schema, report = schema_from_text(reply)
    assert report.parsed
    return schema, ground_schema(schema, screen)


def test_columns_no_word_on_the_screen_names_are_dropped_and_keys_kept():
    schema, change = grounded()
    assert change.dropped == ["shipments.is_fragile"]  # "fragile" appears nowhere on the screen
    shipments = schema.table("shipments").column_names()
    assert "carrier_id" in shipments  # a foreign key: the "Carrier" select implies it
    assert "tracking_code" in shipments  # indexed: dropping it would break the index
    assert schema.table("carriers").column_names() == ["id", "name"]  # a record's name column
    # `email` is "E-mail" joined; `password_hash` shares its distinctive word with "Password"
    assert {"email", "password_hash"} <= set(shipments)


def test_labelled_fields_the_model_left_out_join_the_table_holding_their_block():
    schema, change = grounded()
    added = {name.split(".")[1]: name.split(".")[0] for name in change.added}
    assert added == {"pickup_date": "shipments", "gross_weight": "shipments"}
    shipments = schema.table("shipments")
    assert shipments.column("pickup_date").type == "DATE"
    assert shipments.column("gross_weight").type == "DECIMAL(10,2)"  # typed from its value
    # the stops grid: the model wrote none of its columns, so there is no table to lend them to
    assert "port" not in {c for t in schema.tables for c in t.column_names()}
    # "E-mail address" is not added next to `email`, nor "Password" next to `password_hash`
    assert "email_address" not in shipments.column_names()
    assert "password" not in shipments.column_names()


def test_a_grid_lends_its_headers_to_the_table_holding_most_of_them():
    reply = "CREATE TABLE stops (id INTEGER PRIMARY KEY, port VARCHAR(80));"
    schema, change = grounded(reply)
    assert change.added == ["stops.arrival"] and change.dropped == []
    assert schema.table("stops").column("arrival").type == "DATE"


def test_ocr_debris_is_no_label():
    assert label_column("S") == "" and label_column("2,382.67") == ""
    assert label_column("please fill in every field of this form before") == ""
    assert label_column("E-mail address") == "email_address"
    assert {"email", "e", "mail", "city", "town", "citytown"} <= screen_words("E-mail City/Town")


def test_the_layout_text_reads_back_as_the_layout_it_was_written_from():
    layout = Layout.from_text(SCREEN)
    assert layout.to_text() == SCREEN
    form = layout.blocks[0]
    assert (form.kind, form.title) == ("form", "Booking")
    weight = form.fields[3]
    assert (weight.label, weight.value, weight.help) == (
        "Gross weight",
        "1,250.50",
        "In kilograms.",
    )
    assert form.fields[0].required and form.fields[5].placeholder == "Password"
    radio = Layout.from_text("## form\nSize [radio]: S | M | L (selected: M)").blocks[0].fields[0]
    assert (radio.widget, radio.options, radio.value) == ("radio", ["S", "M", "L"], "M")
    assert layout.blocks[1].headers == ["Port", "Arrival"] and len(layout.blocks[1].rows) == 2
    assert layout.chrome == ["Save", "Cancel"]


class FixedEngine:
    name = "fixed"
    supports_grammar = False

    def chat(self, model, messages, max_tokens=512, grammar=None):
        return Completion(REPLY, 10, 10, 0.01)


def test_infer_grounds_a_text_model_unless_told_not_to(tmp_path):
    seen = Perceived(tmp_path / "shot.png", SCREEN, {}, [])
    result = infer(seen, FixedEngine(), model="any")
    assert "is_fragile" not in result.schema.table("shipments").column_names()
    assert "pickup_date" in result.schema.table("shipments").column_names()
    assert result.report.executes  # checked again after grounding
    assert any(n.startswith("grounding dropped 1 column(s)") for n in result.notes)
    assert "is_fragile" in result.text  # the model's reply itself is kept as written
    raw = infer(seen, FixedEngine(), model="any", ground=False)
    assert "is_fragile" in raw.schema.table("shipments").column_names()
    assert not any(n.startswith("grounding") for n in raw.notes)


def test_the_cli_offers_no_ground():
    assert "--no-ground" in run_ghost("infer", "--help").stdout
    assert "--no-ground" in run_ghost("eval", "--help").stdout


def test_a_column_another_column_checks_against_stays():
    reply = """CREATE TABLE shipments (
      id INTEGER PRIMARY KEY,
      reference_number VARCHAR(20),
      promised_on DATE,
      pickup_date DATE CHECK (pickup_date >= promised_on)
    );"""
    schema, change = grounded(reply)
    assert (
        change.dropped == []
    )  # `promised_on` is not on the screen, but pickup_date's CHECK names it
    schema.table("shipments").column("promised_on")
