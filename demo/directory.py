"""Fictional places and organisations for the demo site. Every organisation is marked as demo data."""

from ecosystem.models import Organisation, Place, Region

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


# The demo directory ------------------------------------------------------------------------------
# Invented organisations in the six catalyst places, with invented addresses on real
# town-centre postcodes (so postcode lookup, distances and place filters work). Phone
# numbers are from Ofcom's ranges for drama; registration numbers start with DEMO so
# they can never match a real register entry; web and email addresses use .test.

_O = Organisation.Kind
_L = Organisation.LegalForm
_CAP = "capacity"
_MODE = "delivery_mode"
_IN_KIND = "in_kind_offer"

ALL_BUSINESS_TYPES = [
    "co-operative",
    "community-business",
    "social-enterprise",
    "charity",
    "small-local-firm",
    "not-sure-yet",
]


def _service(slug, name, description, support, business=(), languages=("en",), **extra):
    return {
        "slug": slug,
        "name": name,
        "description": description,
        "support_types": list(support),
        "business_types": list(business),
        "languages": list(languages),
        **extra,
    }


DEMO_DIRECTORY = [
    # Wigan ---------------------------------------------------------------------------------------
    {
        "slug": HUB_A,
        "cast": True,
        "website": "https://northway.demo.test/",
        "phone": "0161 496 0101",
        "places": ["wigan"],
        "identifiers": [("fca-mutuals", "DEMO-7001R")],
        "locations": {
            "hub": (
                "Northway Community Hub",
                "3 Pennyfeather Row",
                "Wigan",
                "WN1 1AA",
                "Step-free entrance, hearing loop at reception, accessible toilet.",
            ),
        },
        "services": [
            _service(
                "start-up-coaching",
                "Start-up coaching",
                "Up to six one-to-one conversations with a coach to turn an idea into a first plan, at your pace.",
                ["coaching"],
                [
                    "co-operative",
                    "community-business",
                    "social-enterprise",
                    "small-local-firm",
                    "not-sure-yet",
                ],
                ["en", "pl"],
                eligibility="Anyone living or working in Wigan borough with an idea for a business.",
                at=[("hub", "Mon-Fri 09:30-16:30")],
            ),
            _service(
                "tuesday-peer-circle",
                "Tuesday peer circle",
                "People starting out meet every Tuesday evening to share what is working and help each other with what is not. Join in person or online.",
                ["peer-support"],
                (),
                ["en"],
                **{_MODE: "mixed", _CAP: "limited"},
                at=[("hub", "Tue 18:00-20:00")],
            ),
            _service(
                "wrap-around-help-desk",
                "Wrap-around help desk",
                "Help with what gets in the way of starting a business: benefits, housing, childcare, English classes and more. Drop in, no appointment needed.",
                ["wrap-around-support"],
                ALL_BUSINESS_TYPES,
                ["en", "pl", "ur", "ro"],
                accessibility="Interpreters can be booked in advance; quiet room available.",
                at=[("hub", "Mon 10:00-13:00; Wed 10:00-13:00")],
            ),
        ],
    },
    {
        "slug": "heron-lane-co-operative-advisers",
        "name": "Heron Lane Co-operative Advisers",
        "kind": _O.SPECIALIST,
        "legal_form": _L.COOP,
        "description": "A small workers' co-operative of advisers helping groups choose a legal form, write their rules and run good meetings.",
        "website": "https://heronlane.demo.test/",
        "email": "advice@heronlane.demo.test",
        "phone": "0161 496 0202",
        "places": ["wigan"],
        "identifiers": [("fca-mutuals", "DEMO-7002R")],
        "locations": {
            "office": ("Heron Lane office", "Unit 2, Lamplighter Yard", "Wigan", "WN1 1BB", ""),
        },
        "services": [
            _service(
                "co-op-rules-and-governance-clinic",
                "Co-op rules and governance clinic",
                "Online clinics on choosing a legal form, model rules, membership and running a board.",
                ["specialist-advice"],
                ["co-operative", "community-business"],
                ["en"],
                is_free=False,
                fees_description="The first hour is free; after that £45 an hour, or less for groups with little income.",
                **{_MODE: "online", _CAP: "waiting-list"},
                times="Thu 10:00-15:00",
            ),
        ],
    },
    {
        "slug": "brightwater-print-studio",
        "name": "Brightwater Print Studio",
        "kind": _O.BUSINESS_PARTNER,
        "legal_form": _L.LTD,
        "description": "A print and design studio that lends its equipment to new local ventures.",
        "website": "https://brightwater.demo.test/",
        "email": "studio@brightwater.demo.test",
        "phone": "0161 496 0303",
        "places": ["wigan"],
        "identifiers": [("companies-house", "DEMO0003")],
        "locations": {
            "studio": (
                "Brightwater Studio",
                "14 Coalbrook Parade",
                "Wigan",
                "WN1 1AT",
                "Ground floor; the printer room is up two steps.",
            ),
        },
        "services": [
            _service(
                "large-format-printer-loan",
                "Large-format printer and cutter loan",
                "Book our large-format printer and vinyl cutter on Friday afternoons for your signs, banners and stall displays. Bring your own materials or buy ours at cost.",
                ["practical-help"],
                ["small-local-firm", "social-enterprise"],
                ["en"],
                **{_IN_KIND: "equipment", _CAP: "limited"},
                at=[("studio", "Fri 13:00-17:00")],
            ),
        ],
    },
    # Bradford ------------------------------------------------------------------------------------
    {
        "slug": HUB_B,
        "cast": True,
        "website": "https://canalside.demo.test/",
        "phone": "0113 496 0101",
        "places": ["bradford"],
        "identifiers": [("companies-house", "DEMO0002")],
        "locations": {
            "centre": (
                "Canal Side Enterprise Centre",
                "21 Wharfmoor Lane",
                "Bradford",
                "BD1 1AA",
                "Lift to every floor, accessible toilets, prayer room.",
            ),
        },
        "services": [
            _service(
                "enterprise-coaching-in-your-language",
                "Enterprise coaching in your language",
                "Coaching for people starting or growing a business, from coaches who speak your language. Meet at the centre or by video call.",
                ["coaching"],
                ["small-local-firm", "social-enterprise", "not-sure-yet"],
                ["en", "ur", "pa", "bn", "ar"],
                **{_MODE: "mixed"},
                at=[("centre", "Mon-Thu 09:00-17:00")],
            ),
            _service(
                "start-up-workspace-and-market-stalls",
                "Start-up workspace and market stalls",
                "Hot desks, small workshops and weekend market stalls at low rent for businesses in their first two years.",
                ["premises"],
                ["small-local-firm", "community-business", "social-enterprise"],
                ["en"],
                is_free=False,
                fees_description="Desks from £5 a day; market stalls £12 a day.",
                **{_CAP: "waiting-list"},
                at=[("centre", "Mon-Sat 08:00-18:00")],
            ),
            _service(
                "faith-compliant-finance-guidance",
                "Faith-compliant finance guidance",
                "Telephone guidance on Sharia-compliant and other faith-compliant ways to finance a business.",
                ["wrap-around-support", "finance"],
                ["small-local-firm", "social-enterprise", "co-operative"],
                ["en", "ur", "ar"],
                **{_MODE: "telephone", _CAP: "limited"},
                times="Wed 10:00-14:00",
            ),
        ],
    },
    {
        "slug": "five-rise-community-finance",
        "name": "Five Rise Community Finance",
        "kind": _O.FUNDER,
        "legal_form": _L.CBS,
        "description": "A community finance society lending to and investing in local co-operatives and community businesses.",
        "website": "https://fiverise.demo.test/",
        "email": "finance@fiverise.demo.test",
        "phone": "0113 496 0202",
        "places": ["bradford"],
        "identifiers": [("fca-mutuals", "DEMO-7003R")],
        "locations": {
            "house": ("Five Rise House", "40 Woolcomber Walk", "Bradford", "BD1 1DA", ""),
        },
        "services": [
            _service(
                "community-shares-booster",
                "Community shares booster fund",
                "Match funding for community share offers. The current round is closed; the next opens in the spring.",
                ["finance"],
                ["co-operative", "community-business"],
                ["en"],
                **{_MODE: "online", _CAP: "closed"},
            ),
            _service(
                "start-up-loans-for-social-enterprises",
                "Start-up loans for social enterprises",
                "Small loans from £1,000 to £25,000 with help to apply and a named contact while you repay.",
                ["finance"],
                ["social-enterprise", "charity"],
                ["en"],
                **{_MODE: "telephone"},
                times="Mon-Fri 09:00-17:00",
                at=[("house", "Tue 10:00-12:00")],
            ),
        ],
    },
    {
        "slug": "millstone-ledger-accountants",
        "name": "Millstone Ledger Accountants",
        "kind": _O.BUSINESS_PARTNER,
        "legal_form": _L.LLP,
        "description": "A firm of accountants whose staff give time each month to new local businesses.",
        "website": "https://millstone.demo.test/",
        "email": "probono@millstone.demo.test",
        "phone": "0113 496 0303",
        "places": ["bradford"],
        "identifiers": [("companies-house", "DEMO0004")],
        "locations": {
            "office": ("Millstone Ledger office", "5 Spindlegate", "Bradford", "BD1 1BG", ""),
        },
        "services": [
            _service(
                "pro-bono-bookkeeping-and-tax-clinic",
                "Pro-bono bookkeeping and tax clinic",
                "Evening clinics where a volunteer accountant sets up your books and explains your tax with you.",
                ["specialist-advice", "practical-help"],
                ["small-local-firm", "charity", "social-enterprise"],
                ["en", "ur"],
                **{_IN_KIND: "time", _CAP: "limited"},
                at=[("office", "Mon 17:30-19:30")],
            ),
        ],
    },
    # Leicester -----------------------------------------------------------------------------------
    {
        "slug": "lanternfield-community-hub",
        "name": "Lanternfield Community Hub",
        "kind": _O.HUB,
        "legal_form": _L.CHARITY,
        "is_catalyst_hub": True,
        "description": "A community anchor in Leicester city centre helping people of every background start something of their own.",
        "website": "https://lanternfield.demo.test/",
        "email": "hello@lanternfield.demo.test",
        "phone": "0116 496 0101",
        "places": ["leicester"],
        "identifiers": [("charity-commission", "DEMO-110001")],
        "locations": {
            "hub": (
                "Lanternfield Community Hub",
                "9 Hosiery Mews",
                "Leicester",
                "LE1 1AA",
                "Step-free throughout, hearing loop in the main hall.",
            ),
        },
        "services": [
            _service(
                "ideas-to-income-workshops",
                "Ideas to income workshops",
                "Saturday morning workshops on testing an idea, pricing and your first customers.",
                ["training"],
                ["not-sure-yet", "small-local-firm"],
                ["en", "gu", "pa", "so"],
                at=[("hub", "Sat 10:00-13:00")],
            ),
            _service(
                "premises-search-help",
                "Help finding premises",
                "We help you work out what space you need and find it, including meanwhile use of empty shops.",
                ["practical-help", "premises"],
                ["community-business", "co-operative"],
                ["en"],
                at=[("hub", "Tue-Thu 10:00-16:00")],
            ),
        ],
    },
    {
        "slug": "kindred-founders-network",
        "name": "Kindred Founders Network",
        "kind": _O.NETWORK,
        "legal_form": _L.UNINCORPORATED,
        "description": "A network of founders in the six catalyst places who learn from each other in action learning sets and online circles.",
        "website": "https://kindred.demo.test/",
        "email": "hello@kindred.demo.test",
        "places": ["leicester", "wigan", "bradford", "plymouth", "grimsby", "hartlepool"],
        "locations": {
            "court": (
                "Kettleby Court meeting room",
                "2 Kettleby Court",
                "Leicester",
                "LE1 1BA",
                "Step-free; a quiet room is available.",
            ),
        },
        "services": [
            _service(
                "action-learning-sets",
                "Action learning sets",
                "Groups of six founders meet monthly to work through each member's real challenges, with a trained facilitator.",
                ["action-learning"],
                ALL_BUSINESS_TYPES,
                ["en"],
                **{_MODE: "mixed", _CAP: "limited"},
                at=[("court", "Thu 18:00-20:30")],
            ),
            _service(
                "online-peer-support-circle",
                "Online peer support circle",
                "A weekly video call for founders anywhere in the network, with British Sign Language interpreting.",
                ["peer-support"],
                (),
                ["en", "bfi"],
                **{_MODE: "online"},
                times="Wed 19:00-20:30",
            ),
        ],
    },
    # Plymouth ------------------------------------------------------------------------------------
    {
        "slug": "tidewater-community-hub",
        "name": "Tidewater Community Hub",
        "kind": _O.HUB,
        "legal_form": _L.CIC,
        "is_catalyst_hub": True,
        "description": "A community anchor by the waterfront helping Plymouth people start community businesses and co-operatives.",
        "website": "https://tidewater.demo.test/",
        "email": "hello@tidewater.demo.test",
        "phone": "01632 960101",
        "places": ["plymouth"],
        "identifiers": [("companies-house", "DEMO0005")],
        "locations": {
            "hub": (
                "Tidewater Community Hub",
                "7 Ropemakers Quay",
                "Plymouth",
                "PL1 1AA",
                "Step-free entrance from the quay.",
            ),
        },
        "services": [
            _service(
                "coaching-for-community-businesses",
                "Coaching for community businesses",
                "Coaching and short courses for groups setting up a business owned by their community.",
                ["coaching", "training"],
                ["community-business", "co-operative"],
                ["en", "pt"],
                at=[("hub", "Mon-Fri 09:00-17:00")],
            ),
            _service(
                "makers-pop-up-shop",
                "Makers' pop-up shop",
                "A shop front on the quay that new makers take in turns. Closed for repairs this season.",
                ["premises"],
                ["small-local-firm", "co-operative"],
                ["en"],
                status="temporarily closed",
                **{_CAP: "closed"},
                at=[("hub", "Sat-Sun 10:00-16:00")],
            ),
        ],
    },
    {
        "slug": "anchorline-makerspace",
        "name": "Anchorline Makerspace",
        "kind": _O.BUSINESS_PARTNER,
        "legal_form": _L.CLG,
        "description": "A members' makerspace that opens its tools and rooms to new ventures.",
        "website": "https://anchorline.demo.test/",
        "email": "hello@anchorline.demo.test",
        "phone": "01632 960202",
        "places": ["plymouth"],
        "locations": {
            "space": (
                "Anchorline Makerspace",
                "11 Sailcloth Street",
                "Plymouth",
                "PL1 1BA",
                "Ground-floor workshop; accessible toilet.",
            ),
        },
        "services": [
            _service(
                "workshop-tools-and-laser-cutter",
                "Workshop tools and laser cutter",
                "Use our woodwork and metalwork tools, 3D printers and laser cutter after a free safety induction.",
                ["practical-help"],
                ["small-local-firm", "co-operative"],
                ["en"],
                is_free=False,
                fees_description="Free for your first month; then £10 a month.",
                **{_IN_KIND: "equipment", _CAP: "limited"},
                at=[("space", "Sat-Sun 10:00-16:00")],
            ),
            _service(
                "meeting-room-for-community-groups",
                "Meeting room for community groups",
                "Our meeting room, free on weekday evenings for groups planning a community business.",
                ["premises"],
                ["charity", "community-business"],
                ["en"],
                **{_IN_KIND: "space"},
                at=[("space", "Mon-Fri 18:00-21:00")],
            ),
        ],
    },
    # Grimsby -------------------------------------------------------------------------------------
    {
        "slug": "harbourlight-enterprise-hub",
        "name": "Harbourlight Enterprise Hub",
        "kind": _O.HUB,
        "legal_form": _L.CHARITY,
        "is_catalyst_hub": True,
        "description": "A community anchor in Grimsby town centre for anyone thinking about working for themselves.",
        "website": "https://harbourlight.demo.test/",
        "email": "hello@harbourlight.demo.test",
        "phone": "01632 960303",
        "places": ["grimsby"],
        "identifiers": [("charity-commission", "DEMO-110002")],
        "locations": {
            "hub": (
                "Harbourlight Enterprise Hub",
                "4 Netmenders Row",
                "Grimsby",
                "DN31 1AA",
                "Step-free; hearing loop; parking for blue badge holders.",
            ),
        },
        "services": [
            _service(
                "starting-out-sessions",
                "Starting out sessions",
                "Drop-in sessions for anyone thinking about working for themselves, with help for whatever else is going on.",
                ["coaching", "wrap-around-support"],
                ["not-sure-yet", "small-local-firm"],
                ["en", "pl", "ro", "ku"],
                at=[("hub", "Mon 10:00-15:00; Wed 10:00-15:00; Fri 10:00-15:00")],
            ),
            _service(
                "peer-support-breakfast",
                "Peer support breakfast",
                "Breakfast on Fridays with other people running small businesses in Grimsby.",
                ["peer-support"],
                ["small-local-firm", "social-enterprise"],
                ["en"],
                **{_CAP: "limited"},
                at=[("hub", "Fri 08:00-09:30")],
            ),
        ],
    },
    {
        "slug": "net-loft-reclaim",
        "name": "Net Loft Reclaim",
        "kind": _O.BUSINESS_PARTNER,
        "legal_form": _L.CIC,
        "description": "A reclaim yard that gives surplus timber, fabric and fittings to new makers.",
        "website": "https://netloft.demo.test/",
        "email": "yard@netloft.demo.test",
        "phone": "01632 960404",
        "places": ["grimsby"],
        "identifiers": [("companies-house", "DEMO0006")],
        "locations": {
            "yard": (
                "Net Loft Reclaim yard",
                "19 Trawlerman's Walk",
                "Grimsby",
                "DN31 1BA",
                "Outdoor yard with level access.",
            ),
        },
        "services": [
            _service(
                "reclaimed-materials-for-makers",
                "Reclaimed materials for makers",
                "Surplus timber, fabric and shop fittings, free to new businesses and community groups.",
                ["practical-help"],
                ["small-local-firm", "social-enterprise", "co-operative"],
                ["en"],
                **{_IN_KIND: "materials"},
                at=[("yard", "Thu-Sat 09:00-16:00")],
            ),
        ],
    },
    # Hartlepool ----------------------------------------------------------------------------------
    {
        "slug": "seaglass-community-hub",
        "name": "Seaglass Community Hub",
        "kind": _O.HUB,
        "legal_form": _L.CBS,
        "is_catalyst_hub": True,
        "description": "A community anchor in Hartlepool running a start-up programme for community businesses.",
        "website": "https://seaglass.demo.test/",
        "email": "hello@seaglass.demo.test",
        "phone": "01632 960505",
        "places": ["hartlepool"],
        "identifiers": [("fca-mutuals", "DEMO-7004R")],
        "locations": {
            "hub": (
                "Seaglass Community Hub",
                "6 Lighthouse Steps",
                "Hartlepool",
                "TS24 7AA",
                "Step-free entrance at the side door.",
            ),
        },
        "services": [
            _service(
                "community-business-start-up-programme",
                "Community business start-up programme",
                "A twelve-week programme of coaching, workshops and an action learning set for groups starting a community business.",
                ["coaching", "training", "action-learning"],
                ["community-business", "co-operative", "social-enterprise"],
                ["en", "ar", "fa", "ti"],
                **{_CAP: "waiting-list"},
                at=[("hub", "Tue 10:00-15:00; Thu 10:00-15:00")],
            ),
        ],
    },
    {
        "slug": "saltwind-training-collective",
        "name": "Saltwind Training Collective",
        "kind": _O.SPECIALIST,
        "legal_form": _L.COOP,
        "description": "A co-operative of trainers running short courses on the money and governance side of a business.",
        "website": "https://saltwind.demo.test/",
        "email": "courses@saltwind.demo.test",
        "phone": "01632 960606",
        "places": ["hartlepool"],
        "locations": {
            "rooms": (
                "Saltwind training rooms",
                "15 Boatbuilders Lane",
                "Hartlepool",
                "TS24 8AA",
                "",
            ),
        },
        "services": [
            _service(
                "bookkeeping-basics-course",
                "Bookkeeping basics course",
                "Four online evening sessions on keeping your books, with British Sign Language interpreting.",
                ["training"],
                ["small-local-firm", "charity"],
                ["en", "bfi"],
                is_free=False,
                fees_description="£20 for the course; free if you are on a low income.",
                **{_MODE: "online"},
                times="Mon 18:30-20:30",
            ),
            _service(
                "governance-for-charity-trading-arms",
                "Governance for charity trading arms",
                "Telephone advice for charities setting up or running a trading company.",
                ["specialist-advice"],
                ["charity"],
                ["en"],
                **{_MODE: "telephone", _CAP: "limited"},
                at=[("rooms", "Wed 09:30-12:30")],
            ),
        ],
    },
    {
        "slug": "northern-seedcorn-trust",
        "name": "Northern Seedcorn Trust",
        "kind": _O.FUNDER,
        "legal_form": _L.CHARITY,
        "description": "A small grant-making trust for new community and social enterprises on the east coast.",
        "website": "https://seedcorn.demo.test/",
        "email": "grants@seedcorn.demo.test",
        "phone": "01632 960707",
        "places": ["grimsby", "hartlepool"],
        "identifiers": [("charity-commission", "DEMO-110003")],
        "locations": {},
        "services": [
            _service(
                "seedcorn-grants",
                "Seedcorn grants",
                "Grants of up to £2,000 to test an idea, with a short online application and a decision within a month.",
                ["finance"],
                ALL_BUSINESS_TYPES,
                ["en"],
                **{_MODE: "online"},
            ),
        ],
    },
]

_ORGANISATION_FIELDS = (
    "name",
    "kind",
    "legal_form",
    "description",
    "is_catalyst_hub",
    "website",
    "email",
    "phone",
)
_SERVICE_FIELDS = (
    "name",
    "description",
    "eligibility",
    "is_free",
    "fees_description",
    "delivery_mode",
    "capacity",
    "in_kind_offer",
    "status",
    "accessibility",
)


def _replace_schedules(service, at_location, opening_times: str):
    from ecosystem.models import Schedule
    from ecosystem.opening_times import parse_opening_times

    existing = Schedule.objects.filter(service=service, service_at_location=at_location)
    existing.delete()
    Schedule.objects.bulk_create(
        Schedule(
            service=service, service_at_location=at_location, byday=day, opens_at=o, closes_at=c
        )
        for day, o, c in parse_opening_times(opening_times)
    )


def seed_directory() -> dict[str, Organisation]:
    """Fictional organisations, locations and services in every catalyst place (idempotent, by slug)."""
    from ecosystem.models import (
        Language,
        Location,
        OrganisationIdentifier,
        Service,
        ServiceAtLocation,
        TaxonomyTerm,
    )
    from ecosystem.services import location_place_from_postcode

    places = seed_places()
    organisations = seed_organisations(places)
    terms = {(t.taxonomy.slug, t.code): t for t in TaxonomyTerm.objects.select_related("taxonomy")}
    languages = {language.code: language for language in Language.objects.all()}

    for data in DEMO_DIRECTORY:
        fields = {f: data[f] for f in _ORGANISATION_FIELDS if f in data}
        if data.get("cast"):
            organisation = organisations[data["slug"]]
            Organisation.objects.filter(pk=organisation.pk).update(**fields)
        else:
            organisation, _ = Organisation.objects.update_or_create(
                slug=data["slug"], defaults={**fields, "is_demo": True}
            )
        organisation.places.add(*[places[slug] for slug in data["places"]])
        for scheme, number in data.get("identifiers", []):
            OrganisationIdentifier.objects.update_or_create(
                organisation=organisation, scheme=scheme, defaults={"identifier": number}
            )

        locations = {}
        for key, (name, address, city, postcode, accessibility) in data["locations"].items():
            location = Location.objects.filter(organisation=organisation, name=name).first()
            location = location or Location(organisation=organisation, name=name)
            location.address_1, location.city = address, city
            location.postcode, location.accessibility = postcode, accessibility
            location_place_from_postcode(location=location)
            location.save()
            if location.place:
                organisation.places.add(location.place)
            locations[key] = location

        for spec in data["services"]:
            service, _ = Service.objects.update_or_create(
                organisation=organisation,
                slug=spec["slug"],
                defaults={f: spec[f] for f in _SERVICE_FIELDS if f in spec}
                | {"email": data.get("email", ""), "url": data.get("website", "")},
            )
            service.support_types.set([terms["support-types", c] for c in spec["support_types"]])
            service.business_types.set([terms["business-types", c] for c in spec["business_types"]])
            service.languages.set([languages[c] for c in spec["languages"]])
            if spec.get("times"):
                _replace_schedules(service, None, spec["times"])
            for key, opening_times in spec.get("at", []):
                at_location, _ = ServiceAtLocation.objects.get_or_create(
                    service=service, location=locations[key]
                )
                _replace_schedules(service, at_location, opening_times)
        organisations[organisation.slug] = organisation
    return organisations
