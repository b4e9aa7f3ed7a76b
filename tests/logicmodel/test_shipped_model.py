"""The shipped Empowering Places model is complete in every database (tests included)."""

import pytest

from logicmodel.models import (
    FOUNDATION_GROUP_OF_KIND,
    Column,
    Element,
    FoundationStatement,
    LogicModel,
    Section,
)

pytestmark = pytest.mark.django_db

COLUMNS = [
    ("vision-and-purpose", "National vision and purpose", "partner-visions"),
    ("conditions-and-inputs", "Conditions and inputs", "external-conditions"),
    ("processes-and-activities", "Processes and activities", "system-support"),
    ("outcomes", "Outcomes", "outcome-catalysts"),
    ("impact", "Impact", "impact-catalysts"),
]

# (section number, element titles in order), from the source's table and body.
ELEMENTS = {
    "": ["Vision", "Purpose"],
    "1": [
        "Collective local vision",
        "Inclusive design of support",
        "Long-term commitment",
        "Time to invest in the inputs",
    ],
    "2": ["Local intelligence", "Resources", "Regular reflection", "Capacity support"],
    "3": [
        "Create a referral network",
        "Equitable access to resources",
        "Education",
        "Communication",
    ],
    "4": ["Relational approaches", "Wrap-around support", "Practical help", "Variety of support"],
    "5a": [
        "Community of practice around social purpose business support",
        "Knowledge transfer clusters at the community level",
        "Local support organisations become sustainable/connected",
    ],
    "5b": [
        "Businesses sustainable, provide opportunities for local people",
        "Quality jobs and work which enable a good quality of life",
        "Income is retained and recycled in the local economy",
    ],
    "5c": ["Social business sector scales both in size and reach", "Good business"],
    "6a": [
        "Life opportunities are improved for everyone",
        "Pride in place, purpose and community (levelling up)",
        "People support each other's aspirations",
        "Agency and empowerment through having a credible voice",
    ],
    "6b": [
        "Successful communities",
        "Prosperity",
        "Equity/equality",
        "Local voice, influence and accountability is amplified",
    ],
    "5": [],
    "6": [],
}

# (section number, foundation kind, assertions/assumptions, foundation statements) in the source.
SECTIONS = [
    ("", "partner-visions", 3, 4),
    ("1", "external-conditions", 2, 3),
    ("2", "local-conditions", 2, 3),
    ("3", "system-support", 2, 3),
    ("4", "delivery-support", 2, 2),
    ("5", "outcome-catalysts", 2, 3),
    ("6", "impact-catalysts", 3, 1),
]

PARTNER_VISIONS = [
    ("Transformed places that are better to live and work in for everyone", "Power to Change"),
    (
        "A more democratic economy and new social settlement lead to an equal stake in the places "
        "where we live and work, that people are paid well and can access all they need for a decent life",
        "NEF",
    ),
    (
        "To build a better world through co-operation, by growing the co-operative economy in the UK",
        "Co-operatives UK",
    ),
    ("To progress a new, socially just mainstream in economics and social policy", "CLES"),
]


@pytest.fixture
def model():
    return LogicModel.objects.get(slug="empowering-places")


def test_it_has_the_five_columns_in_order(model):
    columns = list(Column.objects.filter(logic_model=model).order_by("position"))
    assert [(c.slug, c.title, c.foundation_group) for c in columns] == COLUMNS


def test_it_has_every_element_in_its_section(model):
    found = {}
    for section in Section.objects.filter(logic_model=model):
        found[section.number] = list(
            Element.objects.filter(section=section)
            .order_by("position")
            .values_list("title", flat=True)
        )
    assert found == ELEMENTS
    assert Element.objects.filter(logic_model=model).count() == 34


def test_outcomes_and_impacts_group_their_sub_sections(model):
    outcomes = Section.objects.get(logic_model=model, number="5")
    assert list(outcomes.subsections.order_by("position").values_list("number", "title")) == [
        ("5a", "Short term"),
        ("5b", "Medium term"),
        ("5c", "Long term"),
    ]
    impacts = Section.objects.get(logic_model=model, number="6")
    assert list(impacts.subsections.order_by("position").values_list("number", "title")) == [
        ("6a", "Individual"),
        ("6b", "Wider"),
    ]


def test_each_section_has_its_assumptions_and_foundation(model):
    for number, kind, assumptions, statements in SECTIONS:
        section = Section.objects.get(logic_model=model, number=number)
        assert section.foundation_kind == kind, number
        assert section.assumptions.count() == assumptions, number
        assert section.foundation_statements.count() == statements, number


def test_the_seven_foundations_merge_into_the_appendixs_five():
    assert len(FOUNDATION_GROUP_OF_KIND) == 7
    assert len(set(FOUNDATION_GROUP_OF_KIND.values())) == 5


def test_partner_visions_are_quoted_exactly_with_attribution(model):
    visions = FoundationStatement.objects.filter(
        section__logic_model=model, section__number=""
    ).order_by("sort_order")
    assert [(v.text, v.attribution) for v in visions] == PARTNER_VISIONS


def test_every_element_has_an_explainer_examples_and_a_checklist(model):
    for element in Element.objects.filter(logic_model=model).prefetch_related(
        "examples", "checklist_items"
    ):
        assert len(element.explainer) > 400, element.title
        assert len(element.examples.all()) >= 2, element.title
        assert len(element.checklist_items.all()) >= 4, element.title
        assert all(item.guidance for item in element.checklist_items.all()), element.title


def test_its_ids_are_the_same_in_every_database(model):
    element = Element.objects.get(logic_model=model, slug="collective-local-vision")
    assert str(model.pk) == "b11c6593-86b7-53b9-82ee-2534fa11c36b"
    with open("logicmodel/content/empowering-places.yaml") as shipped:
        assert str(element.pk) in shipped.read()
