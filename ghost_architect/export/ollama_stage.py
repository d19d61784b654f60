"""The `ollama` export stage: a Modelfile beside the GGUF, and registration when a server answers.

Vision models: Ollama does not load a separate mmproj file for Gemma 3, so a vision model is
registered from the merged safetensors folder with quantize q4_K_M instead of from GGUF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.endpoints import ollama_host
from ghost_architect.export.base import ExportContext
from ghost_architect.prompts import SYSTEM_PROMPT

TEMPLATE = """{{- $system := "" }}
{{- range $i, $m := .Messages }}
{{- if eq $m.Role "system" }}{{ $system = $m.Content }}{{ continue }}{{ end }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq $m.Role "user" }}<start_of_turn>user
{{ if $system }}{{ $system }}

{{ $system = "" }}{{ end }}{{ $m.Content }}<end_of_turn>
{{ if $last }}<start_of_turn>model
{{ end }}
{{- else if eq $m.Role "assistant" }}<start_of_turn>model
{{ $m.Content }}{{ if not $last }}<end_of_turn>
{{ end }}
{{- end }}
{{- end }}"""

HEADER = """# Ollama recipe for Ghost Architect's default exported model (text, Gemma 3 270M tuned).
# Produce the GGUF with `ghost export RUN_DIR --to gguf --quant q4_k_m`, then:
#   ollama create ghost-architect -f Modelfile
#   ghost infer shot.png --engine ollama --model ghost-architect
"""


def modelfile_text(source: str, header: str = HEADER) -> str:
    """A Modelfile: FROM the weights, Gemma 3's chat template and stop tokens, greedy decoding."""
    return (
        f"{header}FROM {source}\n\n"
        "# Gemma 3 chat format: no system role; a system prompt goes into the first user turn.\n"
        f'TEMPLATE """{TEMPLATE}"""\n\n'
        f'SYSTEM """{SYSTEM_PROMPT}"""\n\n'
        'PARAMETER stop "<end_of_turn>"\n'
        'PARAMETER stop "<start_of_turn>"\n'
        "PARAMETER temperature 0\n"
        "PARAMETER num_ctx 4096\n"
        "PARAMETER num_predict 1024\n"
    )


@dataclass(frozen=True)
class OllamaExporter:
    """Writes a Modelfile FROM the weights ``source`` picks and registers them when a server
    answers. One class for both built-ins: text models go from the GGUF, vision models from the
    merged folder (Ollama quantizes those itself)."""

    name: str
    description: str
    requires: str
    source: Callable[[ExportContext], Path]
    quantize: str | None = None
    note: str = ""

    def target(self, ctx: ExportContext) -> Path:
        return ctx.out / "ollama" / ctx.name

    def inputs(self, ctx: ExportContext) -> list[Path]:
        return [self.source(ctx)]

    def run(self, ctx: ExportContext, target: Path) -> None:
        weights = self.source(ctx).resolve()
        if self.note:
            ctx.say(self.note)
        with atomic.staged_dir(target, overwrite=True) as stage:
            (stage / "Modelfile").write_text(modelfile_text(str(weights), ""))
        ctx.say(register(ctx.name, weights, quantize=self.quantize))


OLLAMA = OllamaExporter(
    name="ollama",
    description="Modelfile (Gemma 3 template, stops) + `ollama create` when a server answers",
    requires="gguf",
    source=lambda ctx: ctx.gguf_file(),
)
OLLAMA_VISION = OllamaExporter(
    name="ollama-vision",
    description="vision models: Modelfile FROM the merged safetensors + `ollama create -q q4_K_M`",
    requires="merged",
    source=lambda ctx: ctx.merged_dir,
    quantize="q4_K_M",
    note="ollama-vision: Ollama does not load a separate mmproj file for Gemma 3, so the merged "
    "safetensors folder is registered and quantized to q4_K_M by Ollama itself",
)


def register(name: str, weights: Path, quantize: str | None = None) -> str:
    """Create the model on the Ollama server at OLLAMA_HOST from a GGUF file or a safetensors
    folder (every file uploaded as a blob), or say how to do it later."""
    import ollama

    host = ollama_host()
    client = ollama.Client(host=host, timeout=600)
    later = f"ollama create {name}{f' --quantize {quantize}' if quantize else ''} -f Modelfile"
    try:
        client.list()
    except Exception:
        return (
            f"ollama: no server at {host}; register later with `{later}` (in <out>/ollama/{name})"
        )
    files = sorted(p for p in weights.iterdir() if p.is_file()) if weights.is_dir() else [weights]
    uploaded = {f.name: client.create_blob(f) for f in files if not f.name.startswith(".")}
    client.create(
        model=name,
        files=uploaded,
        quantize=quantize,
        template=TEMPLATE,
        system=SYSTEM_PROMPT,
        parameters={"stop": ["<end_of_turn>", "<start_of_turn>"], "temperature": 0},
    )
    return f"ollama: created model '{name}' on {host}"
