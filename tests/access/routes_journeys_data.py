"""Access expectations for one area; tests/access/matrix.py gathers them (see its docstring).

A hub's own data: importing its existing clients, and exporting its journeys. Only
people who work for hub A reach these pages; everyone else signed in gets 404, as for
a hub that does not exist (administrators too: they are not members of hub A, and do
not read people's journeys). Its staff see the import page and its guide, but only
its managers import: a staff member's upload gets 403. Staff and managers alike may
download the template and the export.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

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
)

MISSING = "00000000-0000-4000-8000-000000000000"


def _hub_a(cast):
    return {"org_pk": cast.hub_a.pk}


def _missing(cast):
    return {"org_pk": MISSING}


def _hub_a_csv(cast):
    return {"org_pk": cast.hub_a.pk, "fmt": "csv"}


def _hub_a_xlsx(cast):
    return {"org_pk": cast.hub_a.pk, "fmt": "xlsx"}


def _missing_csv(cast):
    return {"org_pk": MISSING, "fmt": "csv"}


def _clients_file(cast):
    """A good file: a manager's upload is checked (a dry run) and the page shows the result."""
    text = "name,email,venture\r\nAmina Khan,amina@example.org,Community café\r\n"
    return {"file": SimpleUploadedFile("clients.csv", text.encode(), content_type="text/csv")}


HUB_A_PAGE = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 200,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}

HUB_A_IMPORT = {
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

ROUTES = [
    # The import page: its staff read it, its managers upload to it.
    Route("journeys:import", HUB_A_PAGE, args=_hub_a, missing_args=_missing),
    Route(
        "journeys:import",
        HUB_A_IMPORT,
        args=_hub_a,
        missing_args=_missing,
        method="post",
        data=_clients_file,
    ),
    Route("journeys:import_template", HUB_A_PAGE, args=_hub_a, missing_args=_missing),
    # The export, in both formats.
    Route(
        "journeys:export",
        HUB_A_PAGE,
        args=_hub_a_csv,
        missing_args=_missing_csv,
        label="get:journeys:export (csv)",
    ),
    Route(
        "journeys:export",
        HUB_A_PAGE,
        args=_hub_a_xlsx,
        missing_args=_missing_csv,
        label="get:journeys:export (xlsx)",
    ),
]
