"""HTML for form fields: real controls (input, select, checkbox, radio, textarea) and a label
placed above, beside, floating on, or replaced by the placeholder, as the block's look says."""

from __future__ import annotations

import html

from ghost_architect.data.synth.model import Block, Widget


def e(text: str) -> str:
    return html.escape(text, quote=True)


def tag(name: str, cls: str, inner: str) -> str:
    return f'<{name} class="{cls}">{inner}</{name}>'


def control(w: Widget, name: str) -> str:
    """The bare control of an input, select, textarea or radio group."""
    if w.widget == "textarea":
        hint = f' placeholder="{e(w.placeholder)}"' if w.placeholder else ""
        return f'<textarea rows="3"{hint}>{e(w.value)}</textarea>'
    if w.widget == "select":
        if w.value:
            others = [o for o in w.options if o != w.value]
            items = [f"<option selected>{e(w.value)}</option>"]
            items += [f"<option>{e(o)}</option>" for o in others]
            return f"<select>{''.join(items)}</select>"
        return f'<select class="ph"><option selected>{e(w.placeholder)}</option></select>'
    if w.widget == "radio":
        items = "".join(
            f'<label class="radio"><input type="radio" name="{name}"'
            f"{' checked' if o == w.value else ''}><span>{e(o)}</span></label>"
            for o in w.options
        )
        return f'<div class="radios">{items}</div>'
    attrs = f' type="{w.input_type}"'
    if w.iso or w.value:
        attrs += f' value="{e(w.iso or w.value)}"'
    if w.placeholder:
        attrs += f' placeholder="{e(w.placeholder)}"'
    return f"<input{attrs}>"


def switch(on: bool) -> str:
    return f'<span class="switch{" on" if on else ""}"><span class="knob"></span></span>'


def marker(w: Widget, block: Block) -> str:
    if not (w.required and block.marker):
        return ""
    kind = "star" if block.marker == "*" else "word"
    return f'<span class="req {kind}"> {e(block.marker)}</span>'


def field(w: Widget, block: Block, index: int) -> str:
    """One field of a form grid, label placed as ``block.labels`` says."""
    hint = f'<small class="help">{e(w.help)}</small>' if w.help else ""
    wide = " wide" if w.widget == "textarea" or len(w.options) > 4 else ""
    if w.widget == "toggle" and block.variant in ("split", "stacked"):
        text = f'<span class="toggle-text"><span class="toggle-label">{e(w.label)}</span>{hint}'
        return f'<div class="field toggle-row wide">{text}</span>{switch(w.value == "on")}</div>'
    if w.widget in ("checkbox", "toggle"):
        if w.widget == "checkbox":
            box = f'<input type="checkbox"{" checked" if w.value == "on" else ""}>'
            inner = f'<label class="check">{box}<span>{e(w.label)}</span></label>'
        else:
            inner = (
                f'<label class="toggle">{switch(w.value == "on")}<span>{e(w.label)}</span></label>'
            )
        if block.labels == "inline":
            return tag(
                "div", f"field inline{wide}", "<span></span>" + tag("div", "ctl", inner + hint)
            )
        return f'<div class="field plain-check{wide}">{inner}{hint}</div>'
    label = f"<label>{e(w.label)}{marker(w, block)}</label>"
    ctl = control(w, f"f{index}")
    if block.labels == "inline":
        return f'<div class="field inline{wide}">{label}<div class="ctl">{ctl}{hint}</div></div>'
    if block.labels == "floating" and w.widget != "radio":
        shown = w.value or w.placeholder or w.input_type == "date"
        state = "up" if shown or w.widget == "textarea" else "in"
        return f'<div class="field floating {state} {w.widget}{wide}">{ctl}{label}{hint}</div>'
    if block.labels == "placeholder" and w.widget != "radio":
        return f'<div class="field{wide}">{ctl}{hint}</div>'
    return f'<div class="field{wide}">{label}{ctl}{hint}</div>'


def form_grid(block: Block, start: int = 0) -> str:
    """The block's fields in a grid of ``block.grid`` columns (reading order = row by row)."""
    fields = "".join(field(w, block, start + i) for i, w in enumerate(block.widgets))
    return f'<div class="form-grid cols-{block.grid} labels-{block.labels}">{fields}</div>'


def buttons(names: list[str], extra: str = "") -> str:
    """Buttons in order; the last one is the primary action."""
    last = len(names) - 1
    return "".join(
        f'<button class="btn{" primary" if i == last else ""}{extra}">{e(n)}</button>'
        for i, n in enumerate(names)
    )
