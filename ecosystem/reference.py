"""Reference lists every database has: support types, business types and languages.

Loaded by a data migration (and again after a test flushes the database). Ids are
stable (uuid5 of the taxonomy and term codes) so feeds that read our ORUK API keep
the same ids across installations.
"""

import uuid

from django.apps import apps as global_apps

NAMESPACE = uuid.UUID("0f6a0c3e-2b1d-4f51-9a55-6f2b64c1a7d3")

TAXONOMIES = {
    "support-types": (
        "Support types",
        "The kinds of help a service gives to people starting or growing a business.",
        [
            (
                "coaching",
                "Coaching",
                "One-to-one conversations that help a person find their own way forward.",
            ),
            ("peer-support", "Peer support", "People starting out meet and help each other."),
            (
                "action-learning",
                "Action learning",
                "A small group meets regularly to work through each member's real challenges.",
            ),
            (
                "wrap-around-support",
                "Wrap-around support",
                "Help with things beyond the business: language, benefits, housing, childcare, faith-compliant finance.",
            ),
            (
                "practical-help",
                "Practical help",
                "Hands-on help such as finding premises, equipment or a volunteer specialist.",
            ),
            ("finance", "Finance", "Grants, loans, community shares and help to apply for them."),
            ("premises", "Premises", "Space to work, trade, make or store things."),
            ("training", "Training", "Workshops and courses on running a business."),
            (
                "specialist-advice",
                "Specialist advice",
                "Legal, tax, governance or sector-specific advice from a specialist.",
            ),
        ],
    ),
    "business-types": (
        "Business types",
        "The kinds of business a service is for.",
        [
            (
                "co-operative",
                "Co-operative",
                "A business owned and run by its members: workers, customers or the community.",
            ),
            (
                "community-business",
                "Community business",
                "A business owned by and accountable to its local community.",
            ),
            (
                "social-enterprise",
                "Social enterprise",
                "A business that trades for a social or environmental purpose.",
            ),
            (
                "charity",
                "Charity or charity trading arm",
                "A charity, or a company that trades on a charity's behalf.",
            ),
            (
                "small-local-firm",
                "Small local firm or sole trader",
                "A small business rooted in its place, including people working for themselves.",
            ),
            ("not-sure-yet", "Not sure yet", "Still deciding what shape the business should take."),
        ],
    ),
}

LANGUAGES = [
    ("en", "English"),
    ("cy", "Welsh"),
    ("gd", "Scottish Gaelic"),
    ("bfi", "British Sign Language"),
    ("ar", "Arabic"),
    ("bn", "Bengali"),
    ("zh", "Chinese"),
    ("fa", "Persian (Farsi)"),
    ("gu", "Gujarati"),
    ("ku", "Kurdish"),
    ("ps", "Pashto"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("pa", "Punjabi"),
    ("ro", "Romanian"),
    ("so", "Somali"),
    ("es", "Spanish"),
    ("ti", "Tigrinya"),
    ("tr", "Turkish"),
    ("ur", "Urdu"),
]


def taxonomy_id(slug: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{slug}")


def term_id(taxonomy_slug: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{taxonomy_slug}:{code}")


def load_reference_data(apps=global_apps):
    """Create or refresh the reference lists (idempotent)."""
    Taxonomy = apps.get_model("ecosystem", "Taxonomy")
    TaxonomyTerm = apps.get_model("ecosystem", "TaxonomyTerm")
    Language = apps.get_model("ecosystem", "Language")
    for slug, (name, description, terms) in TAXONOMIES.items():
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=taxonomy_id(slug),
            defaults={"slug": slug, "name": name, "description": description, "version": "1"},
        )
        for position, (code, term_name, term_description) in enumerate(terms):
            TaxonomyTerm.objects.update_or_create(
                id=term_id(slug, code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": term_name,
                    "description": term_description,
                    "position": position,
                },
            )
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})
