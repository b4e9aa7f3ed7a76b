"""Story pictures: checked to be real images, turned the right way up, and re-saved without
their metadata (EXIF can hold where and when a photo was taken, and on what)."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 4000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass
class CleanImage:
    content: ContentFile
    extension: str


def strip_metadata(upload) -> CleanImage:
    """A copy of an uploaded picture with no metadata, or a ValidationError saying why not."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError("The picture is too large: choose one under 10 MB.")
    try:
        upload.seek(0)
        with Image.open(upload) as original:
            kind = original.format
            if kind not in FORMATS:
                raise ValidationError("Choose a JPEG, PNG or WebP picture.")
            original.load()
            picture = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError("That file is not a picture we can read.") from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
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
