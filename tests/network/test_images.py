"""A case study's picture: one with too many pixels to open safely is refused beside the field
from its header alone, before anything decodes it, and nothing is saved."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stories.models import Story, StoryImage
from tests.stories.factories import jpeg_upload
from tests.stories.test_images import TOO_BIG, huge_png, png_upload

pytestmark = pytest.mark.django_db

POST = reverse("network:post")
PILLOW_WILL_NOT_OPEN = (
    "This picture is too big to use. Choose one of no more than 40 megapixels, for example "
    "6,000 by 6,000 pixels, or make it smaller first."
)


@pytest.fixture(scope="module")
def pictures():
    return {
        "huge": huge_png(),  # 9,400 by 9,400: under Pillow's own limit, so only ours stops it
        "enormous": huge_png(20_000, 20_000),  # Pillow refuses it on opening
    }


def _case_study(cast, **changes):
    return {
        "title": "We opened on Saturdays",
        "narrative": "Families came.",
        "changed_on": (timezone.localdate() - timedelta(days=20)).strftime("%d/%m/%Y"),
        "place": cast.place_a.pk,
        "level": "network",
        "named": "yes",
        "consent": "on",
        "alt_text": "Our stall on a Saturday",
    } | changes


@pytest.mark.parametrize(
    ("picture", "message"), [("huge", TOO_BIG), ("enormous", PILLOW_WILL_NOT_OPEN)]
)
def test_a_case_study_picture_with_too_many_pixels_is_refused_beside_the_field_undecoded(
    cast, client_for, pictures, picture, message, monkeypatch
):
    from PIL import ImageFile

    def never(self, *args, **kwargs):
        raise AssertionError("the picture's pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never)

    response = client_for("peer").post(POST, _case_study(cast, image=png_upload(pictures[picture])))

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert re.findall(r'id="id_(\w+)_error"', html) == ["image"]  # the only problem
    assert message in html.split('id="id_image_error"')[1].split("</div>")[0]
    assert "Families came." in html  # what was typed is kept
    assert not Story.objects.exists()
    assert not StoryImage.objects.exists()


def test_a_case_study_with_a_gif_is_refused_beside_the_field(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gif = SimpleUploadedFile(
        "moving.gif",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
        b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        content_type="image/gif",
    )
    response = client_for("peer").post(POST, _case_study(cast, image=gif))

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Choose a photo: a JPEG, PNG or WebP file."
        in (html.split('id="id_image_error"')[1].split("</div>")[0])
    )
    assert not Story.objects.exists()


def test_a_case_study_with_an_ordinary_photo_keeps_it(cast, client_for):
    response = client_for("peer").post(POST, _case_study(cast, image=jpeg_upload()))

    assert response.status_code == 302
    assert StoryImage.objects.get().alt_text == "Our stall on a Saturday"
