"""`ghost infer`: screenshot -> perception -> engine -> sqlglot -> Schema, with timings per stage.

Each stage hands a plain value to the next: the image, the Layout (OCR text for text-only
models), the model's text, then the checked Schema and its report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ghost_architect.errors import GhostError, UnreadableInput, UsageError
from ghost_architect.models import shipped
from ghost_architect.prompts import text_messages, vision_messages
from ghost_architect.schema.model import Schema
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.sql import SchemaReport

MAX_PIXELS = 60_000_000  # refuse beyond this (decompression-bomb territory)
MAX_SIDE = 2560  # larger screenshots are downscaled for OCR
MIN_SIDE = 16  # smaller holds no readable line of text
MAX_ASPECT = 30  # a full-page capture of a long form is ~1:20; beyond 1:30 it is not a screen
MIN_WORDS = 2  # fewer readable words than this: nothing to build a schema from
OLLAMA_MODEL = "ghost-architect"  # the name `ghost export --to ollama` registers by default


@dataclass
class InferResult:
    image: str
    schema: Schema
    report: SchemaReport
    text: str
    layout: str
    engine: str
    model: str
    attempts: int
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def load_image(path: Path) -> tuple[Image.Image, list[str]]:
    """The screenshot as upright RGB on white, or one clear GhostError naming the file and the
    fix (exit code 3 for a file that is there but cannot be read as a screenshot)."""
    if not path.exists():
        raise UsageError(f"{path}: no such file", "check the path")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder", "pass an image file")
    if path.stat().st_size == 0:
        raise UnreadableInput(
            f"{path}: empty file (0 bytes)", "pass a PNG, JPEG or WebP screenshot"
        )
    too_big = UnreadableInput(
        f"{path}: image larger than {MAX_PIXELS // 1_000_000} megapixels",
        f"crop or downscale it below {MAX_PIXELS // 1_000_000} MP",
    )
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as handle:
            if handle.width * handle.height > MAX_PIXELS:
                raise too_big
            handle.load()
            image = normalised(handle)
    except Image.DecompressionBombError:
        raise too_big from None
    except UnidentifiedImageError:
        raise UnreadableInput(
            f"{path}: not an image", "pass a PNG, JPEG or WebP screenshot"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableInput(
            f"{path}: truncated or corrupt image ({exc})", "re-export the screenshot"
        ) from None
    check_shape(path, image)
    return downscaled(image)


def normalised(image: Image.Image) -> Image.Image:
    """Upright (EXIF orientation applied), 8 bits per channel (16-bit and float scaled, not
    clipped), transparency laid on white: an RGB image as a person sees it."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        image = Image.fromarray(_eight_bit(np.asarray(image, dtype=np.float64)), "L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    return image.convert("RGB")


def _eight_bit(pixels: np.ndarray) -> np.ndarray:
    """Grey levels of a 16-bit (0-65535), float (0-1) or already 8-bit range as uint8."""
    peak = pixels.max(initial=0.0)
    full = 65535.0 if peak > 255 else 1.0 if peak <= 1.0 else 255.0
    return np.clip(np.rint(pixels * 255.0 / full), 0, 255).astype(np.uint8)


def check_shape(path: Path, image: Image.Image) -> None:
    """Refuse images no screen could be: too small to hold text, or a sliver."""
    width, height = image.size
    if min(width, height) < MIN_SIDE:
        raise UnreadableInput(
            f"{path}: {width}x{height} is too small to hold readable text",
            f"pass a screenshot at least {MIN_SIDE} px on each side",
        )
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise UnreadableInput(
            f"{path}: {width}x{height} is not a screen (sides more than {MAX_ASPECT}:1)",
            "crop it to the screen, or split a long page into screens",
        )


def downscaled(image: Image.Image) -> tuple[Image.Image, list[str]]:
    """Images beyond MAX_SIDE come down to it (OCR gains nothing above), with a note."""
    if max(image.size) <= MAX_SIDE:
        return image, []
    scale = MAX_SIDE / max(image.size)
    original = image.size
    image = image.resize((round(image.width * scale), round(image.height * scale)))
    return image, [f"downscaled {original[0]}x{original[1]} to {image.width}x{image.height}"]


def default_model(engine_name: str, say: Callable[[str], None] = lambda _: None) -> str:
    """The model an engine uses when none is named: the shipped tuned Gemma 3 270M (its run
    folder for transformers, a GGUF built on first use for llama.cpp), the model `ghost export
    --to ollama` registers for Ollama, else the base 270M from the offline package."""
    if engine_name == "heuristic":
        return "rules"
    if engine_name == "ollama":
        return OLLAMA_MODEL
    run = shipped.shipped_run()
    if run is not None and engine_name == "transformers":
        return str(run)
    if run is not None:
        return str(shipped.default_gguf(say))
    from ghost_architect.models.offline import gemma_270m_gguf

    return str(gemma_270m_gguf())


def default_engine_name() -> str:
    """The embedded llama.cpp engine with the shipped tuned model; the model-free heuristic
    baseline in an install without that model (the untuned 270M loops instead of writing
    schemas: use --engine llamacpp to run it anyway)."""
    return "llamacpp" if shipped.shipped_run() is not None else "heuristic"


def resolve_engine(name: str, engines: dict[str, Any]) -> Any:
    if name == "auto":
        name = default_engine_name()
    if name not in engines:
        raise UsageError(f"unknown engine '{name}'", f"choose one of: {', '.join(engines)}")
    reason = engines[name].unavailable_reason()
    if reason:
        raise GhostError(f"engine '{name}' is unavailable: {reason}")
    return engines[name]


@dataclass
class Perceived:
    """The perception stage's output: the screenshot's layout text, and how long it took."""

    path: Path
    layout: str
    timings: dict[str, float]
    notes: list[str]


def perceive_image(path: Path) -> Perceived:
    """Load and check the image, then OCR it into layout text."""
    from ghost_architect.perception import perceive

    started = time.perf_counter()
    image, notes = load_image(path)
    loaded = time.perf_counter()
    layout = perceive(image)
    timings = {"load": loaded - started, "perception": time.perf_counter() - loaded}
    words = len(layout.words())
    if words < MIN_WORDS:
        raise UnreadableInput(
            f"{path}: nothing readable (perception found {words} word{'s' * (words != 1)} of "
            "text; no schema is guessed from that)",
            "pass a screenshot whose labels are legible",
        )
    return Perceived(path, layout.to_text(), timings, notes)


def _look(path: Path) -> Perceived:
    """The perception stage for a vision model: check the image; the model reads it itself."""
    started = time.perf_counter()
    _, notes = load_image(path)
    notes.append("the screenshot went to the model itself (vision model, no OCR)")
    return Perceived(path, "", {"load": time.perf_counter() - started, "perception": 0.0}, notes)


def infer(
    path: Path | Perceived,
    engine: Any,
    model: str | None = None,
    retries: int = 1,
    max_tokens: int = 512,
    repair: bool = True,
) -> InferResult:
    """One screenshot (or its already perceived layout) to a checked Schema; parse failures are
    retried with the error fed back. A vision model gets the image; a text model the OCR text."""
    from ghost_architect.serving.engine import supports_images
    from ghost_architect.serving.llamacpp import DDL_GRAMMAR

    model = model or default_model(engine.name)
    vision = supports_images(engine, model)
    if vision:
        seen = _look(path.path if isinstance(path, Perceived) else path)
        messages: list[dict[str, Any]] = vision_messages(str(seen.path))
    else:
        seen = path if isinstance(path, Perceived) else perceive_image(path)
        messages = text_messages(seen.layout)
    timings = dict(seen.timings)
    notes = list(seen.notes)
    grammar = DDL_GRAMMAR.read_text() if getattr(engine, "supports_grammar", False) else None
    timings["generation"] = 0.0
    timings["model_load"] = 0.0
    for attempt in range(1, retries + 2):
        reply = engine.chat(model, messages, max_tokens=max_tokens, grammar=grammar)
        timings["generation"] += reply.seconds
        timings["model_load"] += reply.load_seconds
        started = time.perf_counter()
        schema, report = schema_from_text(reply.text, repair)
        timings["validation"] = time.perf_counter() - started
        if report.parsed or attempt > retries:
            break
        error = report.parse_errors[0] if report.parse_errors else "no CREATE TABLE statement"
        messages = [
            *messages,
            {"role": "assistant", "content": reply.text},
            {"role": "user", "content": f"That did not parse ({error}). Reply with CREATE TABLE "
             "statements only."},
        ]  # fmt: skip
    if reply.truncated:
        notes.append(f"output stopped at max_tokens {max_tokens}; the last statement may be cut")
    return InferResult(str(seen.path), schema, report, reply.text, seen.layout, engine.name, model,
                       attempt, timings, notes)  # fmt: skip
