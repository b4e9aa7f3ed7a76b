"""Story pictures: stripped of their metadata, refused when they are not pictures, kept in
private storage and served only to those who may read the story, never cached."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageFile

from stories import images
from stories.models import Consent, Story, StoryImage
from stories.services import story_image_remove, story_submit
from tests.access.routes_stories import amira_journey
from tests.stories.factories import capture_story, jpeg_upload

pytestmark = pytest.mark.django_db

TOO_BIG = (
    "This picture is too big to use (9,400 by 9,400 pixels). Choose one of no more than 40 "
    "megapixels, for example 6,000 by 6,000 pixels, or make it smaller first."
)


def huge_png(width: int = 9_400, height: int = 9_400) -> bytes:
    """A black PNG of width by height pixels, one bit each, written chunk by chunk so that making
    it never holds its pixels: a few KB to send, and far too many pixels to open."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then the row's bits
    squeeze = zlib.compressobj(9)
    pixels = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def huge():
    return huge_png()


@pytest.fixture(scope="module")
def enormous():
    """More than twice Pillow's own limit, so Pillow refuses it on opening, before we see it."""
    return huge_png(20_000, 20_000)


def png_upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("huge.png", data, content_type="image/png")


@pytest.fixture
def never_decoded(monkeypatch):
    """Fails the test the moment any picture's pixels are decoded."""

    def load(self):
        raise AssertionError(f"{self.size[0]} by {self.size[1]} pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def beside_image(html: str) -> str:
    return html.split('id="id_image_error"')[1].split("</div>")[0]


def _exif() -> bytes:
    """Where, when and on what a photo was taken: what must never reach the store."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phonemaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.DateTime] = "2026:10:01 09:30:00"
    exif[ExifTags.Base.Orientation] = 6  # taken on its side: turn it a quarter
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (53.0, 32.0, 42.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (2.0, 37.0, 55.0),
    }
    return exif.tobytes()


def _stored(image: StoryImage) -> Image.Image:
    with storages["private"].open(image.file.name, "rb") as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
        return picture


def _story_with_picture(cast, upload=None, **kwargs) -> Story:
    return capture_story(
        actor=cast.user("staff_a"),
        journey=amira_journey(cast),
        images=[(upload or jpeg_upload(), "Amira behind her stall")],
        **kwargs,
    )


def test_it_strips_exif_from_a_jpeg_and_turns_it_the_right_way_up(cast):
    upload = jpeg_upload(exif=_exif(), size=(60, 40))
    with Image.open(upload) as original:  # the test's picture does carry it
        assert original.getexif()[ExifTags.Base.Make] == "Phonemaker"
    upload.seek(0)

    image = _story_with_picture(cast, upload).images.get()

    stored = _stored(image)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert stored.size == (40, 60)
    assert (image.width, image.height, image.extension) == (40, 60, "jpg")
    with storages["private"].open(image.file.name, "rb") as handle:
        raw = handle.read()
    assert b"Phonemaker" not in raw and b"Exif" not in raw


def test_it_strips_text_chunks_from_a_png(cast):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Amira Example")
    info.add_text("Location", "12 Market Street, Wigan")
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), "orange").save(buffer, "PNG", pnginfo=info)
    upload = SimpleUploadedFile("stall.png", buffer.getvalue(), content_type="image/png")

    image = _story_with_picture(cast, upload).images.get()

    stored = _stored(image)
    assert (stored.format, image.extension) == ("PNG", "png")
    assert "Author" not in stored.info and "Location" not in stored.info
    with storages["private"].open(image.file.name, "rb") as handle:
        assert b"Amira" not in handle.read()


def test_the_stored_name_says_nothing_of_the_uploaded_one(cast):
    upload = jpeg_upload(name="amira-example-12-market-street.jpg")
    image = _story_with_picture(cast, upload).images.get()
    assert "amira" not in image.file.name
    assert image.file.name == f"stories/{image.story_id}/{image.pk}.jpg"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"Dear diary", content_type="image/jpeg"),
            "That file is not a picture we can read.",
        ),
        (
            SimpleUploadedFile(
                "moving.gif",
                b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
                b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
                content_type="image/gif",
            ),
            "Choose a JPEG, PNG or WebP picture.",
        ),
    ],
    ids=["not-a-picture", "gif"],
)
def test_a_file_that_is_not_a_picture_we_take_is_refused_beside_the_field(
    cast, client_for, upload, message
):
    story = capture_story(actor=cast.user("staff_a"), journey=amira_journey(cast))

    response = client_for("staff_a").post(
        reverse("stories:image_add", args=[story.pk]),
        {"image": upload, "alt_text": "Kept description"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html.split('id="id_image_error"')[1].split("</div>")[0]
    assert 'value="Kept description"' in html
    assert not story.images.exists()


def test_a_picture_is_added_and_removed_with_its_file(cast, client_for):
    story = capture_story(actor=cast.user("staff_a"), journey=amira_journey(cast))
    client = client_for("manager_a")

    response = client.post(
        reverse("stories:image_add", args=[story.pk]),
        {"image": jpeg_upload(exif=_exif()), "alt_text": "The new oven"},
    )

    assert response.status_code == 302
    assert response.url == reverse("stories:edit", args=[story.pk])
    image = story.images.get()
    assert image.alt_text == "The new oven"
    assert dict(_stored(image).getexif()) == {}
    name = image.file.name

    response = client.post(reverse("stories:image_remove", args=[image.pk]))

    assert response.status_code == 302
    assert not story.images.exists()
    assert not storages["private"].exists(name)


def test_pictures_cannot_change_once_the_story_is_sent_for_a_check(cast, client_for):
    story = _story_with_picture(cast, submit=True)
    image = story.images.get()
    client = client_for("staff_a")

    added = client.post(
        reverse("stories:image_add", args=[story.pk]),
        {"image": jpeg_upload(), "alt_text": "Another"},
    )
    removed = client.post(reverse("stories:image_remove", args=[image.pk]), follow=True)

    assert added.status_code == 302
    assert story.images.count() == 1
    assert "Pictures can be removed only while the story is a draft or returned." in (
        removed.content.decode()
    )


def test_a_picture_read_while_a_draft_is_not_removed_once_the_story_is_sent(cast):
    """Two requests at once: one sends the story for a check while the other, which read the
    picture while the story was still a draft, removes it. The check must see the sending."""
    story = _story_with_picture(cast)
    picture = StoryImage.objects.select_related("story").get(story=story)
    story_submit(story=story, actor=cast.user("staff_a"))

    with pytest.raises(ValidationError):
        story_image_remove(image=picture, actor=cast.user("staff_a"))

    assert story.images.count() == 1
    assert storages["private"].exists(picture.file.name)


def test_it_is_served_privately_with_its_type_and_never_cached(cast, client_for):
    image = _story_with_picture(cast).images.get()

    response = client_for("entrepreneur").get(reverse("stories:image", args=[image.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    with storages["private"].open(image.file.name, "rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_the_story_page_shows_it_through_the_checked_view_with_its_description(cast, client_for):
    image = _story_with_picture(cast).images.get()
    html = client_for("staff_a").get(reverse("stories:detail", args=[image.story_id])).content
    assert (
        f'src="{reverse("stories:image", args=[image.pk])}" alt="Amira behind her stall"'.encode()
        in html
    )
    assert image.file.name.encode() not in html


@pytest.mark.parametrize("persona", ["entrepreneur2", "peer", "staff_b", "editor", "admin"])
def test_a_reader_who_may_not_see_the_story_gets_404(cast, client_for, persona):
    image = _story_with_picture(cast).images.get()  # a draft: hub A and Amira only
    response = client_for(persona).get(reverse("stories:image", args=[image.pk]))
    assert response.status_code == 404


def test_a_network_reader_sees_it_once_approved_and_nobody_once_consent_is_withdrawn(
    cast, client_for, django_capture_on_commit_callbacks
):
    from stories.services import story_withdraw_consent

    story = _story_with_picture(cast, level=Consent.Level.NETWORK, approve_by=cast.user("staff_a"))
    image = story.images.get()
    url = reverse("stories:image", args=[image.pk])
    assert client_for("staff_b").get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        story_withdraw_consent(story=story, actor=cast.user("entrepreneur"), method="online")

    for persona in ("staff_b", "staff_a", "entrepreneur"):
        assert client_for(persona).get(url).status_code == 404
    assert not storages["private"].exists(image.file.name)


def test_anonymous_visitors_are_sent_to_sign_in(cast, client):
    image = _story_with_picture(cast).images.get()
    response = client.get(reverse("stories:image", args=[image.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


# Pictures with too many pixels ----------------------------------------------------------------


def test_the_test_picture_is_small_to_send_and_huge_to_open(huge):
    assert len(huge) < 400 * 1024
    with Image.open(io.BytesIO(huge)) as picture:
        assert picture.size == (9_400, 9_400)


def test_a_picture_with_too_many_pixels_is_refused_from_its_header(huge, never_decoded):
    with pytest.raises(ValidationError) as refused:
        images.strip_metadata(png_upload(huge))
    assert refused.value.messages == [TOO_BIG]


def test_a_picture_pillow_itself_will_not_open_is_called_too_big_not_unreadable(enormous):
    with pytest.raises(ValidationError) as refused:
        images.strip_metadata(png_upload(enormous))
    assert refused.value.messages == [
        "This picture is too big to use. Choose one of no more than 40 megapixels, for example "
        "6,000 by 6,000 pixels, or make it smaller first."
    ]


def test_a_picture_of_exactly_the_most_pixels_is_taken_and_one_more_row_is_not(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 60 * 40)

    assert images.strip_metadata(jpeg_upload(size=(60, 40))).extension == "jpg"
    with pytest.raises(ValidationError, match=r"\(60 by 41 pixels\)"):
        images.strip_metadata(jpeg_upload(size=(60, 41)))


def test_adding_a_picture_with_too_many_pixels_is_refused_beside_the_field(
    cast, client_for, huge, never_decoded
):
    story = capture_story(actor=cast.user("staff_a"), journey=amira_journey(cast))

    response = client_for("staff_a").post(
        reverse("stories:image_add", args=[story.pk]),
        {"image": png_upload(huge), "alt_text": "Kept description"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert TOO_BIG in beside_image(html)
    assert 'value="Kept description"' in html
    assert not story.images.exists()


def test_capturing_a_story_with_a_picture_of_too_many_pixels_is_refused_beside_the_field(
    cast, client_for, huge, never_decoded
):
    journey = amira_journey(cast)
    response = client_for("staff_a").post(
        reverse("stories:capture", args=[journey.pk]),
        {
            "title": "The stall that took on an apprentice",
            "narrative": "She took on an apprentice from the estate.",
            "changed_on": "01/10/2026",
            "level": "network",
            "named": "no",
            "given_by": "Amira Example",
            "method": "verbal",
            "given_on": "01/11/2026",
            "agreed": "on",
            "image": png_upload(huge),
            "alt_text": "Amira's stall",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert TOO_BIG in beside_image(html)
    assert re.findall(r'id="id_(\w+)_error"', html) == ["image"]  # the only problem
    assert "The stall that took on an apprentice" in html  # what was typed is kept
    assert not Story.objects.exists()
    assert not StoryImage.objects.exists()
