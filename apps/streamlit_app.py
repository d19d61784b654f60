"""Ghost Architect web app: upload a UI screenshot (or pick a sample) -> the SQL schema behind it.

Run with `ghost app` (or `streamlit run apps/streamlit_app.py`). The engine and its model stay
loaded across reruns (st.cache_resource)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from ghost_architect.errors import GhostError
from ghost_architect.infer import default_engine_name, infer
from ghost_architect.plugins import named
from ghost_architect.schema.erd import render_erd
from ghost_architect.schema.render import DIALECTS, to_dialect, to_mermaid

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "images"


@st.cache_resource
def engines() -> dict:
    return named("engines")


def main() -> None:
    st.set_page_config(page_title="Ghost Architect", layout="wide")
    st.title("Ghost Architect: screenshot → SQL schema")
    available = engines()
    names = list(available)
    default = default_engine_name()
    with st.sidebar:
        engine_name = st.selectbox("Engine", names, index=names.index(default))
        model = st.text_input("Model (GGUF path, Ollama name or run folder; empty = default)")
        dialect = st.selectbox("SQL dialect", DIALECTS)
        ground = st.checkbox(
            "Ground in the screen text",
            value=True,
            help="Drop columns no word on the screen names; add fields the model left out.",
        )
        st.caption(available[engine_name].description)
    uploaded = st.file_uploader("Upload a screenshot", type=["png", "jpg", "jpeg", "webp"])
    samples = sorted(p.name for p in SAMPLES.glob("*.png"))
    sample = st.selectbox("…or pick a sample", ["(none)", *samples])
    if uploaded is not None:
        folder = Path(tempfile.mkdtemp(prefix="ghost-app-"))
        path = folder / Path(uploaded.name).name
        path.write_bytes(uploaded.getvalue())
    elif sample != "(none)":
        path = SAMPLES / sample
    else:
        st.info("Upload a form, table or dashboard screenshot to see the schema behind it.")
        return
    try:
        with st.spinner("Reading the screenshot and writing the schema…"):
            result = infer(path, available[engine_name], model or None, ground=ground)
    except GhostError as exc:
        st.error(str(exc))
        return
    left, right = st.columns([1, 1])
    left.image(str(path), caption=path.name)
    sql = to_dialect(result.schema, dialect)
    right.subheader(f"{len(result.schema.tables)} tables ({dialect})")
    right.code(sql, language="sql")
    right.download_button("Download .sql", sql, file_name=f"{path.stem}.sql", mime="text/plain")
    if result.schema.tables:
        st.subheader("ER diagram")
        erd = render_erd(result.schema)
        st.image(erd)
        st.download_button("Download ER diagram", erd, file_name=f"{path.stem}-erd.png",
                           mime="image/png")  # fmt: skip
        with st.expander("Mermaid source"):
            st.code(to_mermaid(result.schema), language="text")
    report = result.report
    st.subheader("Validation")
    st.write(
        "Executes in SQLite" if report.executes else f"Does not execute: {report.sqlite_error}"
    )
    for label, items in (("Dropped", report.dropped), ("Problems", report.problems),
                         ("Repairs", report.repairs), ("Notes", result.notes)):  # fmt: skip
        if items:
            st.write(f"**{label}**")
            st.write("\n".join(f"- {item}" for item in items))
    st.subheader("Timings (s)")
    st.table({stage: [round(seconds, 2)] for stage, seconds in result.timings.items()})


main()
