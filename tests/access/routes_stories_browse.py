"""Access expectations for browsing stories and the check queue.

Both pages are for anyone signed in: each lists only what that person may read (or check),
so a person with nothing to see gets an empty list, not a refusal. What each list holds is
tested in tests/stories/test_browse.py.
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
)

ROUTES = [
    Route(
        "stories:list",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 200,
            PEER: 200,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 200,
            EDITOR: 200,
            ADMIN: 200,
        },
    ),
    Route(
        "stories:moderation",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 200,
            PEER: 200,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 200,
            EDITOR: 200,
            ADMIN: 200,
        },
    ),
]
