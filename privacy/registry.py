"""The apps that hold something about a person, in the order a copy reads best.

Each has a `personal_data` module with export(subject) and erase(subject, actor=...)
(see core.personal_data). A new app that keeps personal data adds its module here; the
test that searches every table after an erasure fails until it does.
"""

import core.personal_data as core_data
import ecosystem.personal_data as ecosystem_data
import journeys.personal_data as journeys_data
import network.personal_data as network_data
import referrals.personal_data as referrals_data
import stories.personal_data as stories_data
import users.personal_data as users_data

APPS = [
    users_data,
    journeys_data,
    referrals_data,
    stories_data,
    network_data,
    ecosystem_data,
    core_data,
]

# Erased from the top down: what hangs off journeys first, the account last.
ERASE_ORDER = [
    stories_data,
    referrals_data,
    network_data,
    journeys_data,
    ecosystem_data,
    core_data,
    users_data,
]
