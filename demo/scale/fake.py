"""Fictional names, contacts, references and words for the scale data, from one random generator.

Everything here is a pure function of the generator it is given, so the same seed gives the
same people. Names are first names and made-up surnames combined from syllables; addresses
use example.test; telephone numbers are from Ofcom's ranges kept for drama.
"""

import random
import uuid

from django.utils.text import slugify

from core.references import ALPHABET

FIRST_NAMES = [
    "Aamir", "Abena", "Ada", "Aisha", "Alex", "Amara", "Anil", "Bea", "Bilal", "Bronwen",
    "Callum", "Chen", "Cerys", "Dami", "Dara", "Dev", "Ebele", "Elif", "Ellis", "Ewa",
    "Farah", "Fergus", "Gabi", "Grace", "Hamza", "Hana", "Ifeoma", "Imogen", "Isla", "Jakub",
    "Jamal", "Joy", "Kai", "Kezia", "Kofi", "Lena", "Leon", "Luca", "Maya", "Marek",
    "Nadia", "Niall", "Noor", "Olu", "Oren", "Paula", "Priti", "Qasim", "Rhian", "Rory",
    "Sade", "Sami", "Stefan", "Tia", "Tomasz", "Umar", "Vera", "Wes", "Yusuf", "Zara",
]  # fmt: skip
_SURNAME_STARTS = [
    "Ash", "Bram", "Cal", "Dun", "El", "Fen", "Gar", "Hol", "Ing", "Kel", "Lan", "Mor",
    "Nor", "Ord", "Pen", "Quil", "Ros", "Sel", "Thorn", "Ul", "Ven", "Wat", "Yar", "Zel",
]  # fmt: skip
_SURNAME_ENDS = [
    "bury", "croft", "dale", "field", "ford", "gate", "ham", "ley", "more", "ridge",
    "stone", "ton", "well", "wick", "worth", "by", "mere", "hurst",
]  # fmt: skip
_PLACE_STARTS = [
    "Alder", "Bar", "Bleak", "Brack", "Cinder", "Copper", "Crow", "Dray", "East", "Elm",
    "Fern", "Fox", "Gold", "Hazel", "Heron", "Iron", "Kestrel", "Kings", "Lark", "Lime",
    "Marl", "Mill", "North", "Oak", "Otter", "Pike", "Quarry", "Raven", "Rush", "Salt",
    "Sand", "Stone", "Swan", "Thistle", "Upper", "West", "Willow", "Wren",
]  # fmt: skip
_PLACE_ENDS = [
    "bridge", "brook", "bury", "by", "combe", "cross", "field", "ford", "haven",
    "holme", "ing", "ley", "mouth", "stead", "thorpe", "ton", "wick", "worth",
]  # fmt: skip
_STREETS = ["Road", "Street", "Lane", "Row", "Way", "Terrace", "Yard", "Walk", "Parade"]
_VENTURE_WORDS = [
    "Bakes", "Bikes", "Books", "Brews", "Crafts", "Cuts", "Garden", "Kitchen", "Laundry",
    "Makers", "Pantry", "Print", "Repairs", "Rides", "Sounds", "Threads", "Tiles", "Woodwork",
]  # fmt: skip
_VENTURE_KINDS = [
    "co-operative", "café", "collective", "workshop", "studio", "stall", "club", "studio",
    "round", "shop", "hire", "service",
]  # fmt: skip
GROUP_KINDS = ["Residents Group", "Growers", "Makers Collective", "Food Co-op", "Men's Shed"]


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A random (version 4) UUID drawn from the generator, so the same seed gives the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def surname(rng: random.Random) -> str:
    return rng.choice(_SURNAME_STARTS) + rng.choice(_SURNAME_ENDS)


def person_name(rng: random.Random) -> tuple[str, str]:
    """A first name and a made-up surname."""
    return rng.choice(FIRST_NAMES), surname(rng)


def person_email(first: str, last: str, number: int) -> str:
    """An address nobody has: the name, a number to keep it unique, and example.test."""
    return f"{slugify(first)}.{slugify(last)}.{number}@example.test"


def mobile(rng: random.Random) -> str:
    """A mobile number from Ofcom's drama range (07700 900000 to 900999)."""
    return f"07700 900{rng.randrange(1000):03d}"


_LANDLINES = ["0113 496 0{:03d}", "0161 496 0{:03d}", "0121 496 0{:03d}", "020 7946 0{:03d}"]


def landline(rng: random.Random) -> str:
    """A geographic number from Ofcom's drama ranges."""
    return rng.choice(_LANDLINES).format(rng.randrange(1000))


def place_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Made-up town names, none of them in taken (which grows)."""
    names = []
    while len(names) < count:
        name = rng.choice(_PLACE_STARTS) + rng.choice(_PLACE_ENDS)
        if rng.random() < 0.15:
            name = f"{name} {rng.choice(['Vale', 'Green', 'Moor', 'Heath', 'Bay'])}"
        if name.lower() not in taken:
            taken.add(name.lower())
            names.append(name)
    return names


def street_address(rng: random.Random) -> str:
    street = rng.choice(_PLACE_STARTS) + rng.choice(_SURNAME_ENDS)
    return f"{rng.randint(1, 240)} {street} {rng.choice(_STREETS)}"


def venture_name(rng: random.Random, first: str) -> str:
    word, kind = rng.choice(_VENTURE_WORDS), rng.choice(_VENTURE_KINDS)
    style = rng.random()
    if style < 0.3:
        return f"{first}'s {word}"
    if style < 0.6:
        return f"{rng.choice(_PLACE_STARTS)} {word} {kind}"
    return f"{word} {kind}".capitalize()


def references(rng: random.Random, prefix: str, count: int, taken: set[str]) -> list[str]:
    """References in the app's own format (core.references: prefix and six letters or digits),
    none of them in taken (which grows)."""
    made = []
    while len(made) < count:
        reference = prefix + "".join(rng.choice(ALPHABET) for _ in range(6))
        if reference not in taken:
            taken.add(reference)
            made.append(reference)
    return made


def unusable_password(rng: random.Random) -> str:
    """What Django keeps for an account with no password (set_unusable_password), drawn from
    the generator so that the same seed gives the same rows."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return UNUSABLE_PASSWORD_PREFIX + "".join(rng.choice(letters) for _ in range(40))


def quotas(total: int, shares: dict) -> dict:
    """Split total between the keys in proportion to their shares, exactly (largest remainder)."""
    weight = sum(shares.values())
    exact = {key: total * share / weight for key, share in shares.items()}
    counts = {key: int(value) for key, value in exact.items()}
    left = total - sum(counts.values())
    for key in sorted(exact, key=lambda k: (counts[k] - exact[k], list(shares).index(k)))[:left]:
        counts[key] += 1
    return counts


def shuffled_quota(rng: random.Random, total: int, shares: dict) -> list:
    """A list of total keys, each as often as its quota says, in random order."""
    items = [key for key, n in quotas(total, shares).items() for _ in range(n)]
    rng.shuffle(items)
    return items
