"""Access expectations for one area; tests/access/matrix.py gathers them (see its docstring).

Referral figures are counts, no personal data, for a place: people who work for an
organisation serving it, its commissioners and administrators see them; for anyone
else the place's figures do not exist.
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

ROUTES = [
    Route("referrals:figures_index", signed_in(200)),
    Route(
        "referrals:figures",
        {
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
        },
        args=lambda cast: {"place_pk": cast.place_a.pk},
        missing_args=lambda cast: {"place_pk": "00000000-0000-4000-8000-000000000000"},
    ),
]
