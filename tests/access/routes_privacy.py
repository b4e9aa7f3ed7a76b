"""Access expectations for people's data rights; tests/access/matrix.py gathers them.

An organisation's privacy pages are for its managers: hub A's staff reach them but may not act
(403); everyone else signed in gets 404, as for a hub that does not exist (administrators too:
they act for the whole platform from its own pages, which only they reach). A copy of a
person's data is for the managers of the organisation that made it; a person's own copy is for
them alone.
"""

from django.core.files.base import ContentFile

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
    STAFF_A,
    STAFF_B,
    Route,
    signed_in,
)

MISSING = "00000000-0000-4000-8000-000000000000"


def _person_at_hub_a(cast):
    from journeys.models import Client

    Client.objects.get_or_create(
        organisation=cast.hub_a,
        email="amira.client@example.org",
        defaults={"name": "Amira Client", "user": cast.user(E1)},
    )


def _hub_a(cast):
    _person_at_hub_a(cast)
    return {"org_pk": cast.hub_a.pk}


def _missing(cast):
    return {"org_pk": MISSING}


def _find(cast):
    return {"q": "amira.client@example.org"}


def _everywhere(cast):
    _person_at_hub_a(cast)
    return {}


def _export(cast, *, for_self=False, ready=True):
    from privacy.models import DataExport

    export = DataExport.objects.create(
        organisation=None if for_self else cast.hub_a,
        query="amira.client@example.org" if not for_self else cast.user(E1).email,
        subject_label="Amira Client",
        for_self=for_self,
        requested_by=cast.user(E1 if for_self else MANAGER_A),
        status=DataExport.Status.READY if ready else DataExport.Status.WAITING,
    )
    if ready:
        export.file.save("copy.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return {"pk": export.pk}


def _missing_export(cast):
    return {"pk": MISSING}


HUB_A_MANAGERS = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 403,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}
ADMINS_ONLY = {
    ANON: LOGIN,
    **dict.fromkeys([E1, E2, PEER, STAFF_A, MANAGER_A, STAFF_B, COMMISSIONER, EDITOR], 404),
    ADMIN: 200,
}
OWN_COPY = {
    ANON: LOGIN,
    E1: 200,
    **dict.fromkeys([E2, PEER, STAFF_A, MANAGER_A, STAFF_B, COMMISSIONER, EDITOR, ADMIN], 404),
}


def _post(expect: dict) -> dict:
    return {p: 302 if answer == 200 else answer for p, answer in expect.items()}


ROUTES = [
    Route("privacy:index", HUB_A_MANAGERS, args=_hub_a, missing_args=_missing, data=_find),
    Route(
        "privacy:export_new",
        _post(HUB_A_MANAGERS),
        args=_hub_a,
        missing_args=_missing,
        method="post",
        data=_find,
    ),
    Route("privacy:erase", HUB_A_MANAGERS, args=_hub_a, missing_args=_missing, data=_find),
    Route("privacy:access_log", HUB_A_MANAGERS, args=_hub_a, missing_args=_missing),
    Route("privacy:all_index", ADMINS_ONLY, args=_everywhere, data=_find),
    Route(
        "privacy:all_export_new", _post(ADMINS_ONLY), args=_everywhere, method="post", data=_find
    ),
    Route("privacy:all_erase", ADMINS_ONLY, args=_everywhere, data=_find),
    Route("privacy:all_access_log", ADMINS_ONLY),
    Route("privacy:export", HUB_A_MANAGERS, args=_export, missing_args=_missing_export),
    Route(
        "privacy:export_download",
        HUB_A_MANAGERS,
        args=_export,
        missing_args=_missing_export,
        label="get:privacy:export_download-organisation",
    ),
    Route(
        "privacy:export",
        OWN_COPY,
        args=lambda cast: _export(cast, for_self=True),
        missing_args=_missing_export,
        label="get:privacy:export-own",
    ),
    # A person's own copy is downloaded only after a fresh sign-in by code: they are sent for one.
    Route(
        "privacy:export_download",
        _post(OWN_COPY),
        args=lambda cast: _export(cast, for_self=True),
        missing_args=_missing_export,
        label="get:privacy:export_download-own",
    ),
    Route("privacy:mine", signed_in(200)),
    Route("privacy:mine_new", signed_in(302), method="post"),
]
