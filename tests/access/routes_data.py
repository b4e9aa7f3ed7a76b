"""Access expectations for one area; tests/access/matrix.py gathers them (see its docstring).

Importing and exporting the directory. An organisation's import is for its managers
and administrators: its staff may read but not change (403), everyone else signed in
gets 404 as for a missing organisation. Its export holds public details, so its staff
may download it too. The whole-directory import is for administrators only. The
public export and the import templates need no sign-in.
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
    SIGNED_IN,
    STAFF_A,
    STAFF_B,
    Route,
    everyone,
)

MISSING = "00000000-0000-4000-8000-000000000000"


def _hub_a(cast):
    return {"pk": cast.hub_a.pk}


def _missing(cast):
    return {"pk": MISSING}


def _hub_a_csv(cast):
    return {"pk": cast.hub_a.pk, "fmt": "csv"}


def _hub_a_xlsx(cast):
    return {"pk": cast.hub_a.pk, "fmt": "xlsx"}


def _missing_csv(cast):
    return {"pk": MISSING, "fmt": "csv"}


def _services_file(cast):
    """A good file: a manager's upload is checked (a dry run) and the page shows the result."""
    text = "service_name,description,postcode,address_1,city\r\nDrop-in,Come along.,WN1 1AA,1 Example Street,Wigan\r\n"
    return {"file": SimpleUploadedFile("services.csv", text.encode(), content_type="text/csv")}


def _directory_file(cast):
    text = "organisation_name,service_name,description\r\nHilltop Funders,Grants,Small grants.\r\n"
    return {"file": SimpleUploadedFile("directory.csv", text.encode(), content_type="text/csv")}


ORGANISATION_IMPORT = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 403,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 200,
}

ORGANISATION_EXPORT = {
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
}

ADMIN_ONLY = {ANON: LOGIN, **dict.fromkeys(SIGNED_IN, 404), ADMIN: 200}

ROUTES = [
    # An organisation's import: the form, then the checked upload.
    Route("directorydata:import", ORGANISATION_IMPORT, args=_hub_a, missing_args=_missing),
    Route(
        "directorydata:import",
        ORGANISATION_IMPORT,
        args=_hub_a,
        missing_args=_missing,
        method="post",
        data=_services_file,
    ),
    # An organisation's export, in both formats.
    Route(
        "directorydata:export",
        ORGANISATION_EXPORT,
        args=_hub_a_csv,
        missing_args=_missing_csv,
        label="get:directorydata:export (csv)",
    ),
    Route(
        "directorydata:export",
        ORGANISATION_EXPORT,
        args=_hub_a_xlsx,
        missing_args=_missing_csv,
        label="get:directorydata:export (xlsx)",
    ),
    # The whole-directory import: administrators only.
    Route("directorydata:import_directory", ADMIN_ONLY),
    Route("directorydata:import_directory", ADMIN_ONLY, method="post", data=_directory_file),
    # Public: the directory's export and the import templates.
    Route(
        "directorydata:public_export",
        everyone(200),
        args=lambda cast: {"kind": "services", "fmt": "csv"},
        public=True,
        label="get:directorydata:public_export (services.csv)",
    ),
    Route(
        "directorydata:public_export",
        everyone(200),
        args=lambda cast: {"kind": "organisations", "fmt": "xlsx"},
        public=True,
        label="get:directorydata:public_export (organisations.xlsx)",
    ),
    Route(
        "directorydata:template",
        everyone(200),
        args=lambda cast: {"scope": "services"},
        public=True,
        label="get:directorydata:template (services)",
    ),
    Route(
        "directorydata:template",
        everyone(200),
        args=lambda cast: {"scope": "directory"},
        public=True,
        label="get:directorydata:template (directory)",
    ),
]
