"""Access expectations for insights; tests/access/matrix.py gathers them (see its docstring).

A place's figures (Wigan, hub A's place) are for its commissioner, the administrators, and the
staff and managers of the organisations serving it. For everyone else the place does not
exist: hub B's staff (Bradford), entrepreneurs, peer members and site editors get 404.
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
    STAFF_A,
    STAFF_B,
    Route,
    signed_in,
)

PLACE_A = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 200,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 200,
    EDITOR: 404,
    ADMIN: 200,
}
MISSING = "no-such-place"

ROUTES = [
    Route("insights:index", signed_in(200)),
    Route(
        "insights:place",
        PLACE_A,
        args=lambda cast: {"slug": cast.place_a.slug},
        missing_args=lambda cast: {"slug": MISSING},
    ),
    Route(
        "insights:download",
        PLACE_A,
        args=lambda cast: {"slug": cast.place_a.slug, "key": "journeys-by-stage", "fmt": "csv"},
        missing_args=lambda cast: {"slug": MISSING, "key": "journeys-by-stage", "fmt": "csv"},
        label="get:insights:download:csv",
    ),
    Route(
        "insights:download",
        PLACE_A,
        args=lambda cast: {"slug": cast.place_a.slug, "key": "wellbeing", "fmt": "xlsx"},
        missing_args=lambda cast: {
            "slug": cast.place_a.slug,
            "key": "no-such-table",
            "fmt": "xlsx",
        },
        label="get:insights:download:xlsx",
    ),
]


# Printable reports. A report is its requester's alone: the commissioner asks for it in each
# route's arguments, so only they get 200; every other signed-in persona, even one who may
# open the place, gets 404, as for a report that does not exist.
MISSING_REPORT = "00000000-0000-4000-8000-000000000000"


def _commissioners_report(cast):
    from django.core.files.base import ContentFile

    from insights.models import Report

    report = Report.objects.create(
        place=cast.place_a,
        start="2026-01-01",
        end="2026-06-30",
        period_label="01/01/2026 to 30/06/2026",
        requested_by=cast.user(COMMISSIONER),
        status=Report.Status.READY,
        progress=100,
    )
    report.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"))
    return {"pk": str(report.pk)}


THE_REQUESTER = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 404,
    MANAGER_A: 404,
    STAFF_B: 404,
    COMMISSIONER: 200,
    EDITOR: 404,
    ADMIN: 404,
}

ROUTES += [
    Route(
        "insights:report_request",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 404,
            COMMISSIONER: 302,
            EDITOR: 404,
            ADMIN: 302,
        },
        args=lambda cast: {"slug": cast.place_a.slug},
        missing_args=lambda cast: {"slug": MISSING},
        method="post",
        data=lambda cast: {"period": "custom", "start": "01/01/2026", "end": "30/06/2026"},
    ),
    Route(
        "insights:report",
        THE_REQUESTER,
        args=_commissioners_report,
        missing_args=lambda cast: {"pk": MISSING_REPORT},
    ),
    Route(
        "insights:report_status",
        THE_REQUESTER,
        args=_commissioners_report,
        missing_args=lambda cast: {"pk": MISSING_REPORT},
    ),
    Route(
        "insights:report_download",
        THE_REQUESTER,
        args=_commissioners_report,
        missing_args=lambda cast: {"pk": MISSING_REPORT},
    ),
]
