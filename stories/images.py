"""Story pictures: checked to be real images, turned the right way up, and re-saved without
their metadata (EXIF can hold where and when a photo was taken, and on what).

A picture is checked from its header before any pixel is decoded: a small file can say it is
enormous (a plain PNG of 9,400 by 9,400 pixels is a few hundred KB and takes over a GB to
open). Pillow allocates exactly the size the header gives and its decoders write no more than
that, so checking the header's size bounds the memory; data that does not fit the header fails
to decode and is refused as unreadable.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 4000
# 40 megapixels is more than a phone's usual photo (12 to 24) and takes at most 160 MB to open.
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

UNREADABLE = "That file is not a picture we can read."
WRONG_FORMAT = "Choose a JPEG, PNG or WebP picture."
TOO_LARGE = "The picture is too large: choose one under 10 MB."
TOO_BIG = (
    "This picture is too big to use{size}. Choose one of no more than 40 megapixels, "
    "for example 6,000 by 6,000 pixels, or make it smaller first."
)


@dataclass
class CleanImage:
    content: ContentFile
    extension: str


def too_big(width: int | None = None, height: int | None = None) -> str:
    """What to say about a picture with too many pixels, with its size when it is known."""
    size = f" ({width:,} by {height:,} pixels)" if width and height else ""
    return TOO_BIG.format(size=size)


def _opened(upload) -> Image.Image:
    """The picture opened from its header only, or a ValidationError saying why not.

    The caller must close it; nothing has been decoded yet.
    """
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    upload.seek(0)
    try:
        original = Image.open(upload)
    except Image.DecompressionBombError as error:
        # Pillow refuses at open a picture of more than twice its own limit (about 179
        # megapixels) before saying how big it is.
        raise ValidationError(too_big(), code="too_big") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(UNREADABLE, code="invalid_image") from error
    width, height = original.size
    if original.format not in FORMATS:
        original.close()
        raise ValidationError(WRONG_FORMAT, code="format")
    if width * height > MAX_PIXELS:
        original.close()
        raise ValidationError(too_big(width, height), code="too_big")
    return original


def check_picture(upload) -> None:
    """Raise a ValidationError unless the upload is a picture we take, reading its header only."""
    with _opened(upload):
        pass
    upload.seek(0)


def strip_metadata(upload) -> CleanImage:
    """A copy of an uploaded picture with no metadata, or a ValidationError saying why not."""
    with _opened(upload) as original:
        kind = original.format
        try:
            original.load()
            # Made smaller before turning, so the turned copy is the small one.
            original.thumbnail((MAX_SIDE, MAX_SIDE))
            picture = ImageOps.exif_transpose(original)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise ValidationError(UNREADABLE, code="invalid_image") from error
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    # A new image from the pixels alone carries none of the original's info or EXIF.
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    if picture.mode == "P" and picture.getpalette():
        clean.putpalette(picture.getpalette())
    buffer = io.BytesIO()
    options = {"quality": 88} if kind in ("JPEG", "WEBP") else {}
    clean.save(buffer, format=kind, **options)
    return CleanImage(ContentFile(buffer.getvalue()), FORMATS[kind])
