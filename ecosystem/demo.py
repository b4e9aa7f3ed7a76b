"""Fictional places and organisations for the demo site. Every organisation is marked as demo data."""

from .models import Organisation, Place, Region

# The six catalyst places of the Empowering Places programme, with their local
# authorities' ONS codes. The places are real; every organisation here is invented.
DEMO_PLACES = [
    ("Wigan", "wigan", "Wigan Metropolitan Borough Council", "E08000010", Region.NORTH_WEST),
    (
        "Bradford",
        "bradford",
        "City of Bradford Metropolitan District Council",
        "E08000032",
        Region.YORKSHIRE,
    ),
    ("Leicester", "leicester", "Leicester City Council", "E06000016", Region.EAST_MIDLANDS),
    ("Plymouth", "plymouth", "Plymouth City Council", "E06000026", Region.SOUTH_WEST),
    ("Grimsby", "grimsby", "North East Lincolnshire Council", "E06000012", Region.YORKSHIRE),
    ("Hartlepool", "hartlepool", "Hartlepool Borough Council", "E06000001", Region.NORTH_EAST),
]

HUB_A = "northway-community-hub"
HUB_B = "canal-side-enterprise-centre"

DEMO_ORGANISATIONS = [
    {
        "slug": HUB_A,
        "name": "Northway Community Hub",
        "place": "wigan",
        "kind": Organisation.Kind.HUB,
        "legal_form": Organisation.LegalForm.CBS,
        "is_catalyst_hub": True,
        "description": "A community anchor in Wigan helping local people turn ideas into co-operatives, community businesses and small firms.",
        "email": "hello@northway.demo.test",
    },
    {
        "slug": HUB_B,
        "name": "Canal Side Enterprise Centre",
        "place": "bradford",
        "kind": Organisation.Kind.HUB,
        "legal_form": Organisation.LegalForm.CIC,
        "is_catalyst_hub": True,
        "description": "A Bradford enterprise centre offering coaching, peer support and help with premises to new community businesses.",
        "email": "hello@canalside.demo.test",
    },
    {
        "slug": "wigan-borough-commissioning-team",
        "name": "Wigan Borough Commissioning Team (demo)",
        "place": "wigan",
        "kind": Organisation.Kind.COMMISSIONER,
        "legal_form": Organisation.LegalForm.PUBLIC_BODY,
        "is_catalyst_hub": False,
        "description": "A fictional commissioning team that funds business support in Wigan.",
        "email": "commissioning@wigan.demo.test",
    },
]


def seed_places() -> dict[str, Place]:
    places = {}
    for name, slug, authority, gss, region in DEMO_PLACES:
        place, _ = Place.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "local_authority": authority,
                "gss_code": gss,
                "region": region,
            },
        )
        places[slug] = place
    return places


def seed_organisations(places: dict[str, Place]) -> dict[str, Organisation]:
    organisations = {}
    for data in DEMO_ORGANISATIONS:
        data = dict(data)
        place = places[data.pop("place")]
        organisation, _ = Organisation.objects.update_or_create(
            slug=data.pop("slug"), defaults={**data, "is_demo": True}
        )
        organisation.places.add(place)
        organisations[organisation.slug] = organisation
    return organisations
