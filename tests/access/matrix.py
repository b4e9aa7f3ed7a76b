"""Who may open each route, written out per persona.

Every route of the project has an entry here (tests/access/test_url_coverage.py
fails otherwise), and tests/access/test_matrix.py requests each one as each
persona. Expected answers are literal, never computed by the code under test:

    200      the page is shown
    LOGIN    an anonymous visitor is sent to sign in
    404      not found: exactly what a signed-in outsider gets for a missing id
    403      may read but not change
    302      another redirect (a successful form post, say)
"""

from tests.access.matrix_base import (
    ADMIN,
    ANON,
    COMMISSIONER,
    E1,
    E2,
    EDITOR,
    LOGIN,
    MANAGER_A,
    PEER,
    SIGNED_IN,
    STAFF_A,
    STAFF_B,
    Route,
    everyone,
    signed_in,
)


def _restricted_page(cast):
    from wagtail.models import Page, PageViewRestriction

    page = Page.objects.get(slug="home")
    restriction, _ = PageViewRestriction.objects.get_or_create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, defaults={"password": "letmein"}
    )
    return {"page_view_restriction_id": restriction.pk, "page_id": page.pk}


def _content_page(cast):
    from website.models import HomePage, StandardPage

    home = HomePage.objects.get()
    page = StandardPage(title="Privacy notice", slug="privacy")
    home.add_child(instance=page)
    return ["privacy/"]


def _document(cast):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(
        title="Leaflet", file=ContentFile(b"hello", name="leaflet.txt")
    )
    return [str(document.pk), document.filename]


def _restricted_collection(cast):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Private")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="letmein",
    )
    return {"restriction_id": restriction.pk}


def _hub_a(cast):
    return {"pk": cast.hub_a.pk}


def _missing_org(cast):
    return {"pk": "00000000-0000-4000-8000-000000000000"}


def _staff_a_membership(cast):
    membership = cast.hub_a.memberships.get(user__email="staff.a@demo.test")
    return {"pk": cast.hub_a.pk, "membership_pk": membership.pk}


def _missing_membership(cast):
    return {"pk": "00000000-0000-4000-8000-000000000000", "membership_pk": 999999}


FOUNDATION_ROUTES = [
    # Public ------------------------------------------------------------------
    Route("healthz", everyone(200), public=True),
    # Browsers post reports of what the policy blocked, signed in or not: 204, no content.
    Route("csp_report", everyone(204), method="post", public=True),
    Route("search", everyone(200), public=True),
    Route("wagtail_serve", everyone(200), args=lambda cast: [""], public=True, label="home page"),
    Route("wagtail_serve", everyone(200), args=_content_page, public=True, label="content page"),
    Route(
        "wagtailcore_authenticate_with_password",
        everyone(200),
        args=_restricted_page,
        public=True,
    ),
    Route("wagtaildocs_serve", everyone(200), args=_document, public=True),
    Route(
        "wagtaildocs_authenticate_with_password",
        everyone(200),
        args=_restricted_collection,
        public=True,
    ),
    Route(
        "account_login", everyone(200) | {ADMIN: 302, **dict.fromkeys(SIGNED_IN, 302)}, public=True
    ),
    Route("account_signup", everyone(200) | dict.fromkeys(SIGNED_IN, 302), public=True),
    Route("account_reset_password", everyone(200), public=True),
    Route("account_request_login_code", everyone(200) | dict.fromkeys(SIGNED_IN, 302), public=True),
    # Signed in ---------------------------------------------------------------
    Route("workspace:home", signed_in(200)),
    Route("account_email", signed_in(200)),
    Route("account_change_password", signed_in(200)),
    Route("mfa_index", signed_in(200)),
    # An organisation's staff pages ---------------------------------------------
    Route(
        "ecosystem:team",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 200,
        },
        args=_hub_a,
        missing_args=_missing_org,
    ),
    Route(
        "ecosystem:change_role",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 403,
            MANAGER_A: 302,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 302,
        },
        args=_staff_a_membership,
        missing_args=_missing_membership,
        method="post",
        data=lambda cast: {"role": "manager"},
    ),
    # Third-party areas, each guarded by its own checks ---------------------------
    Route(
        "wagtailadmin_home",
        {ANON: LOGIN, **dict.fromkeys(SIGNED_IN, 302), EDITOR: 200, ADMIN: 200},
    ),
    Route(
        "admin:index",
        {ANON: 302, **dict.fromkeys(SIGNED_IN, 404), ADMIN: 200},
    ),
    # The CMS's own login page only sends people to the site's sign-in.
    Route("cms_login", everyone(302), public=True),
]

from tests.access.routes_assessments import ROUTES as ASSESSMENT_ROUTES  # noqa: E402
from tests.access.routes_data import ROUTES as DATA_ROUTES  # noqa: E402
from tests.access.routes_directory import ROUTES as DIRECTORY_ROUTES  # noqa: E402
from tests.access.routes_insights import ROUTES as INSIGHT_ROUTES  # noqa: E402
from tests.access.routes_journeys import ROUTES as JOURNEY_ROUTES  # noqa: E402
from tests.access.routes_journeys_data import ROUTES as JOURNEY_DATA_ROUTES  # noqa: E402
from tests.access.routes_local_models import ROUTES as LOCAL_MODEL_ROUTES  # noqa: E402
from tests.access.routes_logicmodel import ROUTES as LOGIC_MODEL_ROUTES  # noqa: E402
from tests.access.routes_network import ROUTES as NETWORK_ROUTES  # noqa: E402
from tests.access.routes_oruk import ROUTES as ORUK_ROUTES  # noqa: E402
from tests.access.routes_privacy import ROUTES as PRIVACY_ROUTES  # noqa: E402
from tests.access.routes_referral_figures import ROUTES as REFERRAL_FIGURE_ROUTES  # noqa: E402
from tests.access.routes_referrals import ROUTES as REFERRAL_ROUTES  # noqa: E402
from tests.access.routes_stories import ROUTES as STORY_ROUTES  # noqa: E402
from tests.access.routes_stories_browse import ROUTES as STORY_BROWSE_ROUTES  # noqa: E402
from tests.access.routes_stories_rounds import ROUTES as STORY_ROUND_ROUTES  # noqa: E402

ROUTES = [
    *FOUNDATION_ROUTES,
    *LOGIC_MODEL_ROUTES,
    *ASSESSMENT_ROUTES,
    *LOCAL_MODEL_ROUTES,
    *DIRECTORY_ROUTES,
    *DATA_ROUTES,
    *ORUK_ROUTES,
    *JOURNEY_ROUTES,
    *INSIGHT_ROUTES,
    *REFERRAL_ROUTES,
    *REFERRAL_FIGURE_ROUTES,
    *JOURNEY_DATA_ROUTES,
    *STORY_ROUTES,
    *STORY_BROWSE_ROUTES,
    *STORY_ROUND_ROUTES,
    *NETWORK_ROUTES,
    *PRIVACY_ROUTES,
]

# Included URL trees owned by third-party apps: covered by representative entries
# above, because their own permission checks guard every page inside them.
THIRD_PARTY_PREFIXES = {
    "cms/": "wagtailadmin_home",
    "django-admin/": "admin:index",
    "accounts/": "account_email",
}
