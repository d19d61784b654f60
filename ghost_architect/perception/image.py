"""Screenshot files -> upright 8-bit RGB images, or one clear error naming the file and the fix.

Odd encodings are normalised (EXIF rotation, 16-bit and float greys, palettes, transparency laid
on white); what no screen can be (a decompression bomb, a dot, a sliver) is refused with exit code
3; very large screenshots come down to MAX_SIDE, which OCR gains nothing above.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ghost_architect.errors import UnreadableInput, UsageError

MAX_PIXELS = 60_000_000  # refuse beyond this (decompression-bomb territory)
MAX_SIDE = 2560  # larger screenshots are downscaled for OCR
MIN_SIDE = 16  # smaller holds no readable line of text
MAX_ASPECT = 30  # a full-page capture of a long form is ~1:20; beyond 1:30 it is not a screen


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


def screen_rgb(path: Path) -> Image.Image:
    """The screenshot as the product sees it (load_image's checks, normalisation, downscale):
    what a vision model is given at training and at inference alike."""
    return load_image(Path(path))[0]


def image_problem(image: str | Path) -> str | None:
    """Why the image file ``image`` cannot be used as a dataset's image, or None when it is a
    regular file that decodes (dataset validation's wording: the failure's kind, not its text)."""
    path = Path(image)
    if not path.exists():
        return f"file not found: {image}"
    if not path.is_file():
        return f"not a regular file: {image}"
    try:
        with Image.open(path) as handle:
            handle.load()
    except Exception as exc:
        reason = "empty file" if path.stat().st_size == 0 else type(exc).__name__
        return f"unreadable ({reason}): {image}"
    return None


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from the file's header, or None when it is no readable image."""
    try:
        with Image.open(path) as handle:
            return handle.size
    except Exception:
        return None


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
