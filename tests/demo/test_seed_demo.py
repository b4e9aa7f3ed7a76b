import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ecosystem.models import CommissionerScope, Membership, Organisation, PeerSupportMembership
from stories.models import Story, StoryPrompt
from stories.pages import CaseStudyPage
from website.models import NavigationLink, StandardPage

pytestmark = pytest.mark.django_db

EMAILS = [
    "entrepreneur@demo.test",
    "entrepreneur2@demo.test",
    "peer@demo.test",
    "staff.a@demo.test",
    "manager.a@demo.test",
    "staff.b@demo.test",
    "commissioner@demo.test",
    "editor@demo.test",
    "admin@demo.test",
]


def test_it_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run when DEBUG is off"):
        call_command("seed_demo")


def test_it_creates_one_login_per_persona_with_the_given_password(settings, monkeypatch, capsys):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password")
    call_command("seed_demo")
    output = capsys.readouterr().out
    User = get_user_model()
    for email in EMAILS:
        assert email in output
        user = User.objects.get(email=email)
        assert user.check_password("a-demo-password")
        assert EmailAddress.objects.get(user=user).verified
    assert "a-demo-password" in output


def test_it_sets_up_the_roles_the_personas_stand_for(settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "pw")
    call_command("seed_demo", force=True)
    hub_a = Membership.objects.get(user__email="staff.a@demo.test").organisation
    hub_b = Membership.objects.get(user__email="staff.b@demo.test").organisation
    assert Membership.objects.get(user__email="manager.a@demo.test").organisation == hub_a
    assert Membership.objects.get(user__email="manager.a@demo.test").role == "manager"
    assert set(hub_a.places.all()).isdisjoint(hub_b.places.all())
    commissioned = CommissionerScope.objects.get(user__email="commissioner@demo.test").place
    assert commissioned in hub_a.places.all()
    assert PeerSupportMembership.objects.filter(user__email="peer@demo.test").exists()
    assert (
        get_user_model()
        .objects.get(email="editor@demo.test")
        .groups.filter(name="Site editors")
        .exists()
    )
    assert get_user_model().objects.get(email="admin@demo.test").is_superuser
    assert all(o.is_demo for o in Organisation.objects.all())


def test_running_it_twice_changes_nothing(settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "pw")
    call_command("seed_demo", force=True)
    counts = (
        get_user_model().objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        StandardPage.objects.count(),
        Story.objects.count(),
        CaseStudyPage.objects.count(),
        NavigationLink.objects.count(),
    )
    call_command("seed_demo", force=True)
    assert counts == (
        get_user_model().objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        StandardPage.objects.count(),
        Story.objects.count(),
        CaseStudyPage.objects.count(),
        NavigationLink.objects.count(),
    )


def test_it_generates_a_password_once_and_reuses_it(settings, monkeypatch, tmp_path, capsys):
    from demo.management.commands import seed_demo

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setattr(seed_demo, "PASSWORD_FILE", tmp_path / ".demo-password")
    call_command("seed_demo", force=True)
    password = (tmp_path / ".demo-password").read_text().strip()
    assert len(password) >= 12
    assert password in capsys.readouterr().out
    call_command("seed_demo", force=True)
    assert (tmp_path / ".demo-password").read_text().strip() == password
    assert get_user_model().objects.get(email="admin@demo.test").check_password(password)


def test_the_demo_website_has_its_statements_in_the_footer(settings, monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "pw")
    call_command("seed_demo", force=True)
    html = client.get("/").content.decode()
    assert "Privacy notice" in html
    assert "Accessibility statement" in html
    assert client.get("/privacy/").status_code == 200
    assert "passed between partner hubs" in client.get("/privacy/").content.decode()


def test_the_demo_has_stories_in_every_state_and_two_case_studies(settings, monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "pw")
    call_command("seed_demo", force=True)
    states = set(Story.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "returned", "approved", "published"} <= states
    returned = Story.objects.filter(status="returned").first()
    assert returned.changes.filter(to_status="returned").exclude(comment="").exists()
    assert Story.objects.filter(organisation=None, teller="peer", status="submitted").exists()
    assert Story.objects.filter(organisation__slug="canal-side-enterprise-centre").exists()
    assert (
        Story.objects.filter(status="approved", consent__named=False, consent__level="public")
        .exclude(public_text_approved_at=None)
        .exists()
    )
    assert StoryPrompt.objects.filter(closed_at=None).exists()
    published = CaseStudyPage.objects.live()
    assert {"Amira Example", "Anonymous"} <= {p.attribution for p in published}
    assert published.filter(attribution="Amira Example").exclude(image=None).exists()
    assert set(Story.objects.filter(case_study__live=True).values_list("status", flat=True)) == {
        "published"
    }

    html = client.get("/").content.decode()
    assert "Stories of change" in html
    index = client.get("/case-studies/")
    assert index.status_code == 200
    html = index.content.decode()
    for page in published:
        assert page.title in html
        assert client.get(page.url).status_code == 200
    assert "Noor Fictional" not in html
