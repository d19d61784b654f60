"""The model-free heuristic engine reads the layout text format LayoutField.to_text writes."""

from __future__ import annotations

import sqlglot

from ghost_architect.perception.layout import Layout, LayoutBlock, LayoutField
from ghost_architect.serving.heuristic import heuristic_sql, layout_tables


def test_widget_tags_required_marks_and_empty_fields_are_not_part_of_column_names():
    layout = Layout(title="New supplier", blocks=[LayoutBlock("form", fields=[
        LayoutField("Company name", "Harbor Tools", required=True, widget="input"),
        LayoutField("Contact email", "", widget="input", placeholder="you@example.com"),
        LayoutField("Country", "Peru", options=["Peru", "Chile"], widget="radio"),
        LayoutField("Credit limit", "1,200.00", widget="input", help="Before tax."),
    ])])  # fmt: skip
    [(name, columns)] = layout_tables(layout.to_text())
    assert name == "suppliers"  # the title without its verb, plural
    assert [label for label, _ in columns] == [
        "Company name", "Contact email", "Country", "Credit limit"
    ]  # fmt: skip
    assert dict(columns)["Credit limit"] == ["1,200.00"]  # the help line is no part of the value
    sql = heuristic_sql(layout.to_text())
    assert "company_name" in sql and "contact_email" in sql and "input" not in sql
    assert "DECIMAL" in sql.split("credit_limit", 1)[1].splitlines()[0]
    sqlglot.parse(sql)
