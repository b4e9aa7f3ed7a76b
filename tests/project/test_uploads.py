"""What the CMS accepts as a picture or a document: no SVG, nothing too large to open."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)


def _png(width: int = 10, height: int = 10) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _image_form(name: str, content: bytes, content_type: str, user):
    form_class = get_image_form(get_image_model())
    return form_class(
        data={"title": name, "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, content, content_type=content_type)},
        user=user,
    )


def test_it_holds_the_upload_settings():
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert set(settings.WAGTAILIMAGES_EXTENSIONS) <= {"avif", "gif", "jpg", "jpeg", "png", "webp"}
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 40_000_000
    # Documents keep their own list, and none of it is a page a browser would run.
    assert settings.WAGTAILDOCS_EXTENSIONS == [
        "csv",
        "docx",
        "odt",
        "pdf",
        "pptx",
        "rtf",
        "txt",
        "xlsx",
        "zip",
    ]
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024


@pytest.mark.django_db
def test_the_image_form_refuses_an_svg(cast):
    form = _image_form("logo.svg", SVG, "image/svg+xml", cast.user("editor"))

    assert not form.is_valid()
    assert "file" in form.errors


@pytest.mark.django_db
def test_the_image_form_takes_a_png(cast):
    # The refusal above is about the SVG, not the form.
    form = _image_form("logo.png", _png(), "image/png", cast.user("editor"))

    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_the_image_form_refuses_too_many_pixels(cast, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50 * 50  # the real limit, scaled down
    form = _image_form("wide.png", _png(60, 50), "image/png", cast.user("editor"))

    assert not form.is_valid()
    assert "file" in form.errors


def _cms_upload(client, name: str, content: bytes, content_type: str) -> dict:
    response = client.post(
        "/cms/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_the_cms_refuses_an_svg_upload_and_takes_a_png(cast, client_for):
    editor = client_for("editor")
    images = get_image_model().objects.count()

    refused = _cms_upload(editor, "logo.svg", SVG, "image/svg+xml")

    assert refused["success"] is False
    assert "Not a supported image format" in refused["error_message"]
    assert "SVG" not in refused["error_message"]  # the formats it lists, SVG not among them
    assert get_image_model().objects.count() == images
    assert _cms_upload(editor, "logo.png", _png(), "image/png")["success"] is True
    assert get_image_model().objects.count() == images + 1
