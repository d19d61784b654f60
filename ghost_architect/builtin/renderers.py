"""Built-in screenshot renderers for the synthetic generator."""

from __future__ import annotations

from ghost_architect.data.synth.render_html import ChromiumRenderer
from ghost_architect.data.synth.render_pillow import PillowRenderer
from ghost_architect.hookspecs import Register, hookimpl


@hookimpl
def register_renderers(register: Register) -> None:
    register(ChromiumRenderer())  # the default of `ghost data synth`
    register(PillowRenderer())
