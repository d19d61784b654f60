"""A Screen as one HTML page: app chrome, page head, stepper or tabs, blocks, modal, sign-in card.

Text is written exactly as the Screen holds it (no CSS text-transform anywhere), so what the
browser draws is what ``Screen.fields()`` and ``Screen.tables()`` record.
"""

from __future__ import annotations

from ghost_architect.data.synth.html_controls import buttons, e, form_grid, tag
from ghost_architect.data.synth.model import Block, Screen
from ghost_architect.data.synth.themes import theme_css

TONES = {
    "green": ("paid", "active", "completed", "won", "yes", "delivered", "done", "approved",
              "published", "hired", "accepted", "solved", "running", "returned", "checked in"),
    "red": ("cancelled", "overdue", "lost", "no", "rejected", "denied", "urgent", "high",
            "maintenance"),
    "amber": ("pending", "draft", "open", "in transit", "proposal", "interview", "medium",
              "scheduled", "reserved", "booked", "todo", "doing", "idle"),
}  # fmt: skip


def tone(text: str) -> str:
    word = text.lower()
    return next((name for name, words in TONES.items() if word in words), "blue")


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper()


def head(title: str, subtitle: str, tools: str = "") -> str:
    if not (title or subtitle or tools):
        return ""
    text = f"<h2>{e(title)}</h2>" if title else ""
    text += f'<p class="desc">{e(subtitle)}</p>' if subtitle else ""
    return f'<div class="card-head"><div>{text}</div>{tools}</div>'


def foot(block: Block, cls: str = "card-foot") -> str:
    return f'<div class="{cls}">{buttons(block.buttons)}</div>' if block.buttons else ""


def form_block(block: Block, start: int) -> str:
    grid = form_grid(block, start)
    if block.variant == "split":
        text = f"<h2>{e(block.title)}</h2>" + (
            f'<p class="desc">{e(block.subtitle)}</p>' if block.subtitle else ""
        )
        body = tag("div", "card settings-body", tag("div", "card-body", grid) + foot(block))
        return tag("section", "settings split", tag("div", "settings-head", text) + body)
    cls = "card form-card" + (" settings" if block.variant == "stacked" else "")
    return (
        f'<section class="{cls}">{head(block.title, block.subtitle)}'
        f'<div class="card-body">{grid}</div>{foot(block)}</section>'
    )


def value(text: str, pill: bool) -> str:
    return f'<span class="badge tone-{tone(text)}">{e(text)}</span>' if pill else e(text)


def details_block(block: Block) -> str:
    pairs = "".join(pair_html(block, i, w.label, value(w.value, w.badge), w.value)
                    for i, w in enumerate(block.widgets))  # fmt: skip
    layout = "left" if block.labels == "left" else "above"
    classes = f"pairs {layout} cols-{block.grid} look-{block.look or layout}"
    classes += f" lbl-{block.label_style}" if block.label_style else ""
    return (
        f'<section class="card">{head(block.title, block.subtitle)}'
        f'<div class="card-body"><dl class="{classes}">{pairs}</dl></div></section>'
    )


def pair_html(block: Block, index: int, label: str, shown: str, text: str) -> str:
    """One label/value pair; an icon before the label and an avatar before a person's name are
    drawn by CSS (no text of their own, so the dt and dd hold exactly the label and value)."""
    dt = f'<dt class="icon i{index % 4}">' if block.icons else "<dt>"
    dd = f'<dd class="ava" data-ini="{e(initials(text))}">' if index == block.avatar else "<dd>"
    return f'<div class="pair">{dt}{e(label)}</dt>{dd}{shown}</dd></div>'


def cell(block: Block, index: int, text: str) -> str:
    if index == block.avatar:
        who = tag("span", "avatar", e(initials(text))) + e(text)
        return f"<td>{tag('span', 'who', who)}</td>"
    return f"<td>{value(text, index in block.badges)}</td>"


def table_block(block: Block) -> str:
    check = '<td class="sel"><input type="checkbox"></td>' if block.select_rows else ""
    actions = ""
    if block.actions:
        links = "".join(
            f'<a class="{"danger" if a == "Delete" else "link"}">{e(a)}</a>' for a in block.actions
        )
        actions = f'<td class="act">{links}</td>'
    top = "".join(f"<th>{e(h)}</th>" for h in block.headers)
    top = (
        (check.replace("td", "th") if check else "")
        + top
        + ('<th class="act"></th>' if actions else "")
    )
    body = "".join(
        "<tr>" + check + "".join(cell(block, i, c) for i, c in enumerate(row)) + actions + "</tr>"
        for row in block.rows
    )
    tools = ""
    if block.search:
        tools = f'<div class="toolbar"><input type="search" placeholder="{e(block.search)}"></div>'
    pager = ""
    if block.note:
        arrows = tag("span", "pages", tag("button", "btn", "‹") + tag("button", "btn", "›"))
        pager = f'<div class="pager"><span>{e(block.note)}</span>{arrows}</div>'
    return (
        f'<section class="card table-card">{head(block.title, block.subtitle, tools)}'
        f'<div class="table-wrap"><table class="{table_classes(block)}">'
        f"<thead><tr>{top}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>{pager}</section>"
    )


def table_classes(block: Block) -> str:
    extra = [
        f"rules-{block.look}" if block.look else "",
        f"head-{block.head}" if block.head else "",
    ]
    extra.append("striped" if block.striped else "")
    return " ".join(["data", *(c for c in extra if c)])


def kpi_block(block: Block) -> str:
    cards = "".join(
        f'<div class="card kpi"><div class="kpi-label">{e(label)}</div>'
        f'<div class="kpi-value">{e(number)}</div>'
        f'<div class="delta {"down" if delta.startswith("−") else "up"}">{e(delta)}</div></div>'
        for (label, number), delta in zip(block.kpis, block.deltas, strict=True)
    )
    upper = " lbl-upper" if block.label_style == "upper" else ""
    return f'<div class="kpis cols-{len(block.kpis)}{upper}">{cards}</div>'


def modal(block: Block, start: int) -> str:
    text = f'<p class="desc">{e(block.subtitle)}</p>' if block.subtitle else ""
    return (
        f'<div class="backdrop"></div><div class="modal cols-{block.grid}" role="dialog">'
        f'<div class="modal-head"><h2>{e(block.title)}</h2><span class="close">×</span></div>'
        f'<div class="modal-body">{text}{form_grid(block, start)}</div>'
        f"{foot(block, 'modal-foot')}</div>"
    )


def block_html(block: Block, start: int) -> str:
    if block.kind == "form":
        return form_block(block, start)
    if block.kind == "details":
        return details_block(block)
    if block.kind == "table":
        return table_block(block)
    return kpi_block(block)


def blocks_html(screen: Screen) -> tuple[str, str]:
    """The page's blocks (tabs above the first table) and the dialog over them (or "")."""
    page, dialog, start, bar = [], "", 0, tabs(screen)
    for block in screen.blocks:
        if block.overlay:
            dialog = modal(block, start)
        else:
            if block.kind == "table" and bar:
                page.append(bar)
                bar = ""
            page.append(block_html(block, start))
        start += len(block.widgets)
    return "".join(page), dialog


def navigation(screen: Screen) -> str:
    links = "".join(
        f'<a class="{"active" if i == 1 else ""}">{e(n)}</a>' for i, n in enumerate(screen.nav)
    )
    user = ""
    if screen.user:
        user = tag("span", "user", tag("span", "avatar", e(initials(screen.user))) + e(screen.user))
    if screen.theme.sidebar:
        return tag(
            "aside", "side", tag("div", "brand", e(screen.app)) + f"{user}<nav>{links}</nav>"
        )
    return tag("header", "top", tag("span", "brand", e(screen.app)) + f"<nav>{links}</nav>{user}")


def stepper(screen: Screen) -> str:
    if not screen.steps:
        return ""
    items = []
    for i, name in enumerate(screen.steps):
        state = "done" if i < screen.step else "current" if i == screen.step else "todo"
        dot = "✓" if state == "done" else str(i + 1)
        items.append(
            f'<li class="{state}"><span class="dot">{dot}</span><span>{e(name)}</span></li>'
        )
    count = f'<div class="step-count">Step {screen.step + 1} of {len(screen.steps)}</div>'
    return f'<div class="stepper-wrap">{count}<ol class="stepper">{"".join(items)}</ol></div>'


def tabs(screen: Screen) -> str:
    if not screen.tabs:
        return ""
    items = "".join(
        f'<a class="tab{" active" if i == screen.tab else ""}">{e(t)}</a>'
        for i, t in enumerate(screen.tabs)
    )
    return f'<div class="tabs">{items}</div>'


def app_page(screen: Screen) -> str:
    page, dialog = blocks_html(screen)
    crumbs = ""
    if screen.breadcrumbs:
        sep = '<span class="sep">/</span>'
        crumbs = (
            f'<div class="crumbs">{sep.join(f"<a>{e(c)}</a>" for c in screen.breadcrumbs)}</div>'
        )
    subtitle = f'<p class="subtitle">{e(screen.subtitle)}</p>' if screen.subtitle else ""
    actions = f'<div class="actions">{buttons(screen.buttons)}</div>' if screen.buttons else ""
    main = (
        f'<main class="main">{crumbs}<div class="page-head"><div><h1>{e(screen.title)}</h1>'
        f"{subtitle}</div>{actions}</div>{stepper(screen)}{page}"
        f'<footer class="foot">{e(screen.footer)}</footer></main>'
    )
    layout = "app with-side" if screen.theme.sidebar else "app"
    return f'<div class="{layout}">{navigation(screen)}{main}</div>{dialog}'


def link_html(text: str) -> str:
    """'Already have an account? Sign in' with the action as a link."""
    question, _, action = text.rpartition("? ")
    return f"{e(question)}? <a>{e(action)}</a>" if question else f"<a>{e(action)}</a>"


def account_page(screen: Screen) -> str:
    block = screen.blocks[0]
    subtitle = f'<p class="subtitle">{e(screen.subtitle)}</p>' if screen.subtitle else ""
    links = "".join(tag("p", "auth-link", link_html(link)) for link in screen.links)
    return (
        f'<div class="auth"><div class="brand">{e(screen.app)}</div>'
        f'<div class="card auth-card"><h1>{e(screen.title)}</h1>{subtitle}{form_grid(block)}'
        f"{buttons(block.buttons, ' block')}{links}</div>"
        f'<footer class="foot">{e(screen.footer)}</footer></div>'
    )


def screen_html(screen: Screen) -> str:
    """The whole page, its stylesheet inline (no network, no files)."""
    t = screen.theme
    classes = " ".join(
        c
        for c in (f"t-{t.style}", t.variant, "dark" if t.dark else "", "dense" if t.dense else "")
        if c
    )
    body = account_page(screen) if screen.kind == "account" else app_page(screen)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{theme_css(t)}</style></head>"
        f'<body class="{classes}"><div class="page-root">{body}</div></body></html>'
    )
