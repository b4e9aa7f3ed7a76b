"""Generated input for the fuzz tests: text a careless or hostile visitor might type.

`nasty_text` is anything at all (control characters, NUL, emoji, right-to-left marks,
very long strings, HTML, SQL); `fair_text` is awkward text a real person might type and
a form should accept (no NUL, something besides spaces, short enough).
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Few examples per form, so the suite stays quick; no example database in the checkout.
FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# Strings that have broken web forms somewhere: markup, SQL, format strings, odd Unicode.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t\x0b\x0c\x1b[31m\x7f",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "%(value)s %s %d {0}",
    "' OR '1'='1",
    "'; DROP TABLE journeys_supportrequest; --",
    "1; SELECT pg_sleep(0)",
    "\\",
    "../../etc/passwd",
    "😀🏳️‍🌈👩🏽‍💻",
    "\u202eevil\u202c",
    "\ufeff\u200b\u200d",
    "Zalgơ̸̢̖̗̘",
    "ﷺ𒐫𝕳",
    "null",
    "None",
    "-1",
    "1e309",
    "NaN",
    "00000000-0000-0000-0000-000000000000",
]

# Every character except lone surrogates, which cannot be encoded to send at all.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
FAIR_CHARACTER = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


def long_text(min_size: int = 1_000, max_size: int = 20_000):
    """A long string: one generated piece repeated (kept below Django's 2.5 MB body limit)."""
    piece = st.text(ANY_CHARACTER, min_size=1, max_size=8)
    return st.builds(lambda p, n: (p * n)[:max_size], piece, st.integers(min_size, max_size))


def nasty_text_up_to(max_size: int):
    """Anything at all, up to max_size characters."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(ANY_CHARACTER, max_size=60),
        st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join),
        long_text(min(1_000, max_size // 2), max_size),
    )


nasty_text = nasty_text_up_to(20_000)
# For query strings: long, but short enough that the whole address stays one a server takes.
nasty_words = nasty_text_up_to(1_200)


def fair_text(max_size: int):
    """Text a form with this max_length should keep: awkward, but no NUL and not blank."""
    hostile = [s for s in HOSTILE if s.strip() and "\x00" not in s]
    return st.one_of(
        st.sampled_from(hostile),
        st.text(FAIR_CHARACTER, min_size=1, max_size=min(max_size, 80)),
    ).filter(lambda s: s.strip() and len(s) <= max_size)
