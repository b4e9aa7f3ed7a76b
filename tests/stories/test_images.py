"""Story pictures: stripped of their metadata, refused when they are not pictures, kept in
private storage and served only to those who may read the story, never cached."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from stories.models import Consent, Story, StoryImage
from stories.services import story_image_remove, story_submit
from tests.access.routes_stories import amira_journey
from tests.stories.factories import capture_story, jpeg_upload

pytestmark = pytest.mark.django_db


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
