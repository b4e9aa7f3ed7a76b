"""Demo stories of change: every state a story can be in, on hub A's demo journeys, with two
published case studies, a prompt waiting for a lead worker, a peer member's own story and
one from hub B.

Every person and story here is invented. Stories go through the services, as the forms
do, and the case studies through stories.publishing.case_study_send and an editor's
approval, so the CMS holds what it would in real use. Emails are dropped; running it twice
changes nothing.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from ecosystem.models import Organisation, PeerSupportMembership
from journeys.models import Journey
from stories.models import Consent, Story, StoryPrompt, Theme
from stories.publishing import INDEX_TITLE, case_study_send, ensure_case_study_index
from stories.selectors import outcome_elements
from stories.services import (
    ConsentDetails,
    NewImage,
    StoryDetails,
    story_approve,
    story_capture,
    story_prompt_for_stage_change,
    story_return,
    story_set_public_text,
)

from .directory import HUB_A, HUB_B

# The first story seeded: when it exists, the stories have been seeded.
MARKER = "Our first market stall sold out"


def _ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _themes(*slugs):
    return list(Theme.objects.filter(slug__in=slugs))


def _outcomes(*slugs):
    return list(outcome_elements().filter(slug__in=slugs))


def _consent(*, level, named, given_by, days_ago, method=Consent.Method.WRITTEN):
    return ConsentDetails(
        level=level, named=named, given_by=given_by, method=method, given_on=_ago(days_ago)
    )


def loaves_picture() -> SimpleUploadedFile:
    """A drawing of three loaves on a board, made here (the demo needs no files)."""
    picture = Image.new("RGB", (800, 500), (244, 233, 214))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((60, 330, 740, 380), fill=(150, 102, 60))
    for left in (100, 320, 540):
        draw.ellipse((left, 190, left + 180, 345), fill=(196, 128, 58))
        for cut in (0, 45, 90):
            draw.line((left + 40 + cut, 225, left + 70 + cut, 300), fill=(240, 214, 170), width=6)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile("loaves.png", buffer.getvalue(), content_type="image/png")


def _publish(story: Story, *, sender, editor) -> None:
    """Send a story to the website and approve it in the editors' review, as an editor would
    in the CMS (approving the last task publishes the latest revision)."""
    from wagtail.log_actions import LogContext

    page = case_study_send(story=story, actor=sender)
    task_state = page.current_workflow_state.current_task_state
    with LogContext(user=editor):
        task_state.task.specific.on_action(task_state, editor, "approve")


def ensure_navigation_link() -> None:
    """ "Stories of change" in the site's main navigation, after the others (idempotent)."""
    from wagtail.models import Site

    from website.models import NavigationLink, SiteSettings

    index = ensure_case_study_index()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    site_settings = SiteSettings.for_site(site)
    links = NavigationLink.objects.filter(settings=site_settings)
    if not links.filter(link_page=index).exists():
        last = links.order_by("-sort_order").first()
        NavigationLink.objects.create(
            settings=site_settings,
            sort_order=last.sort_order + 1 if last else 0,
            label=INDEX_TITLE,
            link_page=index,
        )


@override_settings(OUTBOX_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def seed_stories(*, users: dict) -> None:
    """Stories in every state on the demo journeys, and the case study pages (idempotent)."""
    ensure_navigation_link()
    hub_a = Organisation.objects.filter(slug=HUB_A).first()
    hub_b = Organisation.objects.filter(slug=HUB_B).first()
    if hub_a is None or Story.objects.filter(title=MARKER).exists():
        return
    journeys = {
        j.client.email: j
        for j in Journey.objects.filter(organisation__in=[hub_a, hub_b]).select_related("client")
    }
    amira = journeys.get("entrepreneur@demo.test")
    dev = journeys.get("dev@example.test")
    noor = journeys.get("noor@example.test")
    laundrette = journeys.get("sam.madeup@example.test")
    tom = journeys.get("entrepreneur2@demo.test")
    if not (amira and dev and noor):
        return
    staff_a, manager_a, editor = users["staff_a"], users["manager_a"], users["editor"]

    # Amira: published, named, with a picture.
    named = story_capture(
        actor=staff_a,
        teller=Story.Teller.STAFF,
        journey=amira,
        details=StoryDetails(
            title=MARKER,
            narrative=(
                "Amira and her three co-founders took a stall at the Saturday market to see "
                "whether people would pay a fair price for their bread.\n\n"
                "They had worked out the cost of every loaf, flour, fuel and their own time "
                "included, and priced it honestly. By eleven o'clock the table was empty, and "
                "two cafés had asked about a weekly order.\n\n"
                "“We stopped asking whether it could work,” Amira said, “and started asking "
                "how big we wanted it to be.”"
            ),
            changed_on=_ago(90),
            themes=_themes("food", "retail"),
            elements=_outcomes("sustainable-businesses", "income-retained"),
            images=[
                NewImage(
                    loaves_picture(), "A drawing of three round loaves cooling on a wooden board"
                )
            ],
        ),
        consent=_consent(
            level=Consent.Level.PUBLIC, named=True, given_by="Amira Example", days_ago=85
        ),
        submit=True,
    )
    story_approve(story=named, actor=manager_a)
    _publish(named, sender=staff_a, editor=editor)

    # Noor: published without her name, through a public version staff approved.
    anonymous = story_capture(
        actor=manager_a,
        teller=Story.Teller.STAFF,
        journey=noor,
        details=StoryDetails(
            title="A kitchen registered at last",
            narrative=(
                "She has cooked for her street in Norley for years, mostly for family parties, "
                "but could not take a job away from home while caring for her mother.\n\n"
                "With the hub she passed her food hygiene course, had her kitchen inspected and "
                "registered, and took her first paid booking: a christening for sixty people "
                "at St Jude's."
            ),
            changed_on=_ago(80),
            themes=_themes("food", "social-care"),
            elements=_outcomes("life-opportunities", "successful-communities"),
        ),
        consent=_consent(
            level=Consent.Level.PUBLIC,
            named=False,
            given_by="Noor Fictional",
            days_ago=75,
            method=Consent.Method.VERBAL,
        ),
        submit=True,
    )
    story_approve(story=anonymous, actor=staff_a)
    story_set_public_text(
        story=anonymous,
        actor=staff_a,
        title="A home kitchen that now feeds whole parties",
        text=(
            "A woman in Wigan who cares for a relative could not work away from home, but "
            "she could cook. With help from the hub she passed her food hygiene course and "
            "registered her kitchen.\n\n"
            "Her first paid booking was a family celebration for sixty guests. She now caters "
            "for events across the borough, on days that fit around her caring."
        ),
    )
    _publish(anonymous, sender=manager_a, editor=editor)

    # Noor: shared with the partner network, without her name.
    story_approve(
        story=story_capture(
            actor=manager_a,
            teller=Story.Teller.STAFF,
            journey=noor,
            details=StoryDetails(
                title="A weekly order at last",
                narrative=(
                    "Catering work came in bursts: a wedding, then nothing for three weeks. "
                    "A care home nearby asked her for a price for weekly lunches.\n\n"
                    "We worked through the costs together so the price paid for her time as "
                    "well as the food. She now cooks for them twice a week and can plan her "
                    "month for the first time."
                ),
                changed_on=_ago(40),
                themes=_themes("food", "social-care"),
                elements=_outcomes("sustainable-businesses", "quality-jobs"),
            ),
            consent=_consent(
                level=Consent.Level.NETWORK,
                named=False,
                given_by="Noor Fictional",
                days_ago=38,
                method=Consent.Method.VERBAL,
            ),
            submit=True,
        ),
        actor=staff_a,
        comment="Checked the words with her on the phone.",
    )

    # Dev: an anonymous story for the public, its public version approved, not yet sent.
    ready = story_capture(
        actor=staff_a,
        teller=Story.Teller.STAFF,
        journey=dev,
        details=StoryDetails(
            title="A first repair evening",
            narrative=(
                "He was nervous about running anything in public. He borrowed the church hall "
                "on Wallgate for a trial repair evening and put a note through a hundred "
                "doors.\n\n"
                "Eleven people came with lamps, toasters and one very old sewing machine. "
                "Eight things went home working, and three people asked to help next time."
            ),
            changed_on=_ago(30),
            themes=_themes("environmental", "community-spaces"),
            elements=_outcomes("pride-in-place", "supporting-aspirations"),
        ),
        consent=_consent(
            level=Consent.Level.PUBLIC, named=False, given_by="Dev Illustrative", days_ago=28
        ),
        submit=True,
    )
    story_approve(story=ready, actor=manager_a)
    story_set_public_text(
        story=ready,
        actor=manager_a,
        title="A repair evening that brought neighbours together",
        text=(
            "Someone setting up a repair workshop in Wigan ran a trial evening in a church "
            "hall. Eleven neighbours came with broken lamps, toasters and a sewing machine; "
            "eight went home working, and three offered to volunteer."
        ),
    )

    # Dev: a draft still being written.
    story_capture(
        actor=staff_a,
        teller=Story.Teller.STAFF,
        journey=dev,
        details=StoryDetails(
            title="Tools from the library of things",
            narrative=(
                "Dev has agreed to borrow tools from the library of things instead of buying "
                "them. Still to add: what he saved, and what the library gets in return."
            ),
            changed_on=_ago(4),
            themes=_themes("environmental"),
        ),
        consent=_consent(
            level=Consent.Level.ORGANISATION, named=False, given_by="Dev Illustrative", days_ago=4
        ),
    )

    # Amira, in her own words: waiting for a check.
    story_capture(
        actor=users["entrepreneur"],
        teller=Story.Teller.ENTREPRENEUR,
        journey=amira,
        details=StoryDetails(
            title="Choosing our rules",
            narrative=(
                "I did not know there were so many ways to set up a business. Sam sat with us "
                "and went through each one, and we chose a co-operative because it is what we "
                "already were: four people who trust each other.\n\n"
                "Writing the rules took three evenings and a lot of tea. Now when we disagree "
                "we know how we decide, and that has made us braver."
            ),
            changed_on=_ago(10),
            themes=_themes("food"),
            elements=_outcomes("agency-and-voice"),
        ),
        consent=_consent(
            level=Consent.Level.NETWORK,
            named=True,
            given_by="Amira Example",
            days_ago=3,
            method=Consent.Method.ONLINE,
        ),
        submit=True,
    )

    # Noor: returned to the teller with a comment.
    returned = story_capture(
        actor=staff_a,
        teller=Story.Teller.STAFF,
        journey=noor,
        details=StoryDetails(
            title="Catering for the school fair",
            narrative=(
                "She cooked for the summer fair at a primary school in Pemberton and sold out "
                "of samosas in an hour."
            ),
            changed_on=_ago(60),
            themes=_themes("food"),
        ),
        consent=_consent(
            level=Consent.Level.NETWORK, named=False, given_by="Noor Fictional", days_ago=20
        ),
        submit=True,
    )
    story_return(
        story=returned,
        actor=manager_a,
        comment=(
            "Please say how many people she cooked for and what the fair led to, and check "
            "that she is happy for the area to be named."
        ),
    )

    # The laundrette group moved stage a few days ago: its lead worker is asked for a story.
    if laundrette is not None and not StoryPrompt.objects.filter(journey=laundrette).exists():
        story_prompt_for_stage_change(journey=laundrette, stage=laundrette.stage)

    # Priya's own story, waiting for the site editors' check.
    priya = users["peer"]
    membership = PeerSupportMembership.objects.filter(user=priya).select_related("place").first()
    story_capture(
        actor=priya,
        teller=Story.Teller.PEER,
        subject=priya,
        details=StoryDetails(
            title="What an action learning group gave me",
            narrative=(
                "I joined the peer network to meet other people running food businesses. In "
                "our action learning group each of us brings one problem, and the others ask "
                "questions instead of giving advice.\n\n"
                "When I brought my worry about raising prices, their questions showed me that "
                "my regulars come for the food, not because it is cheap. I put my prices up by "
                "a fifth and did not lose a single customer."
            ),
            changed_on=_ago(21),
            themes=_themes("food"),
            elements=_outcomes("supporting-aspirations", "community-of-practice"),
            place=membership.place if membership else None,
        ),
        consent=_consent(
            level=Consent.Level.PUBLIC,
            named=True,
            given_by="Priya Placeholder",
            days_ago=21,
            method=Consent.Method.ONLINE,
        ),
        submit=True,
    )

    # Hub B: Tom's plan, shared with the network under his name.
    if tom is not None:
        staff_b = users["staff_b"]
        story_approve(
            story=story_capture(
                actor=staff_b,
                teller=Story.Teller.STAFF,
                journey=tom,
                details=StoryDetails(
                    title="A plan a lender will read",
                    narrative=(
                        "Tom had hired bikes to friends along the canal for two summers. "
                        "Working through a plan with us, he found that weekday hire to "
                        "visitors covers the costs, and weekends can pay him a wage.\n\n"
                        "He now has a plan on paper he can take to a lender, and a list of "
                        "what to sort out first: insurance, then a licence for the towpath."
                    ),
                    changed_on=_ago(25),
                    themes=_themes("environmental", "retail"),
                    elements=_outcomes("sustainable-businesses"),
                ),
                consent=_consent(
                    level=Consent.Level.NETWORK, named=True, given_by="Tom Sample", days_ago=24
                ),
                submit=True,
            ),
            actor=staff_b,
        )
