"""Scale data for the directory: places, organisations and their teams, locations and services."""

from collections import defaultdict
from datetime import time

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from demo.directory import ALL_BUSINESS_TYPES
from ecosystem.models import (
    CommissionerScope,
    Language,
    Location,
    Membership,
    Organisation,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
)
from ecosystem.postcodes import _letter, lookup_postcode, normalise_postcode, osgb36_to_wgs84

from . import fake
from .world import OrgInfo, PlaceInfo, World

MARKER_PREFIX = "scale-"

# The postcode directory's files, one per first letter (ecosystem.postcodes reads the same).
_LETTERS = "ABCDEFGHIJKLMNOPRSTUWYZ"
# Local authority districts (England, Wales, Scotland): the codes a Place keeps.
_DISTRICT_PREFIXES = ("E06", "E07", "E08", "E09", "W06", "S12")
# The demo sends requests from these postcodes as places no hub serves: their local
# authorities stay without a place.
_UNSERVED_DEMO_POSTCODES = ["WA10 1AA", "BL1 1AA", "LS1 4AP"]
POSTCODES_PER_PLACE = 40

K = Organisation.Kind
L = Organisation.LegalForm
KIND_SHARES = {
    K.HUB: 30,
    K.SPECIALIST: 30,
    K.BUSINESS_PARTNER: 10,
    K.NETWORK: 5,
    K.FUNDER: 12,
    K.COMMISSIONER: 13,
}
LEGAL_FORMS = {
    K.HUB: [L.CBS, L.CIC, L.CHARITY, L.CLG],
    K.SPECIALIST: [L.COOP, L.LTD, L.CIC, L.LLP],
    K.BUSINESS_PARTNER: [L.LTD, L.LLP, L.PARTNERSHIP],
    K.NETWORK: [L.UNINCORPORATED, L.CLG],
    K.FUNDER: [L.CHARITY, L.CLG],
    K.COMMISSIONER: [L.PUBLIC_BODY],
}
NAME_PATTERNS = {
    K.HUB: ["{place} Community Hub", "{word} Enterprise Centre", "{place} Start-up Hub"],
    K.SPECIALIST: [
        "{word} Co-operative Advisers",
        "{word} Community Finance",
        "{word} Business Advice",
        "{place} Legal Clinic",
    ],
    K.BUSINESS_PARTNER: ["{word} Accountants", "{word} Makerspace", "{word} Print Works"],
    K.NETWORK: ["{place} Enterprise Network", "{place} Social Enterprise Network"],
    K.FUNDER: ["{word} Community Foundation", "{word} Trust"],
    K.COMMISSIONER: ["{place} Commissioning Team"],
}
DESCRIPTIONS = {
    K.HUB: "A fictional community anchor helping local people start co-operatives, community "
    "businesses and small firms.",
    K.SPECIALIST: "A fictional specialist provider of advice and finance for new ventures.",
    K.BUSINESS_PARTNER: "A fictional local business that gives time, space or equipment.",
    K.NETWORK: "A fictional network of the place's enterprises and the people who support them.",
    K.FUNDER: "A fictional funder of community enterprise.",
    K.COMMISSIONER: "A fictional commissioning team that funds business support in the place.",
}
# Services each kind of organisation offers: (name, support type, in-kind offer).
S = Service.InKindOffer
SERVICES = {
    K.HUB: [
        ("Start-up coaching", "coaching", S.NONE),
        ("Peer circle", "peer-support", S.NONE),
        ("Wrap-around help desk", "wrap-around-support", S.NONE),
        ("Action learning set", "action-learning", S.NONE),
        ("Business basics workshops", "training", S.NONE),
        ("Trial market stalls", "practical-help", S.NONE),
    ],
    K.SPECIALIST: [
        ("Co-operative rules clinic", "specialist-advice", S.NONE),
        ("Start-up loans", "finance", S.NONE),
        ("Community share offers", "finance", S.NONE),
        ("Bookkeeping clinic", "specialist-advice", S.NONE),
        ("Premises finder", "premises", S.NONE),
        ("Marketing mentoring", "coaching", S.NONE),
    ],
    K.BUSINESS_PARTNER: [
        ("Pro-bono accountancy hours", "specialist-advice", S.TIME),
        ("Meeting room loans", "premises", S.SPACE),
        ("Equipment library", "practical-help", S.EQUIPMENT),
    ],
    K.NETWORK: [
        ("Members' meet-ups", "peer-support", S.NONE),
        ("Network events", "training", S.NONE),
    ],
    K.FUNDER: [("Seedcorn grants", "finance", S.NONE), ("Growth grants", "finance", S.NONE)],
    K.COMMISSIONER: [("Business rates advice", "specialist-advice", S.NONE)],
}
SERVICE_WEIGHTS = {
    K.HUB: 6,
    K.SPECIALIST: 4,
    K.BUSINESS_PARTNER: 2,
    K.NETWORK: 1,
    K.FUNDER: 1,
    K.COMMISSIONER: 0.5,
}
OTHER_LANGUAGES = ["pl", "ur", "pa", "bn", "ro", "ar", "so", "cy"]


# Postcodes -------------------------------------------------------------------------------------


def postcodes_by_authority(rng) -> dict[str, list[str]]:
    """A sample of real postcodes for every local authority district, from the directory the
    project ships (each one found again by ecosystem.postcodes.lookup_postcode)."""
    found = defaultdict(list)
    for letter in _LETTERS:
        _, columns = _letter(letter)
        if not columns:
            continue
        codes, districts, eastings = columns["pcd"], columns["laua"], columns["oseast1m"]
        for i in range(0, len(codes), 7):
            district = districts[i]
            easting = eastings[i]
            placed = isinstance(easting, (int, float)) and easting == easting  # NaN: unknown
            if placed and isinstance(district, str) and district.startswith(_DISTRICT_PREFIXES):
                found[district].append(codes[i])
    book = {}
    for district in sorted(found):
        sample = sorted(found[district])
        sample = rng.sample(sample, min(POSTCODES_PER_PLACE * 2, len(sample)))
        postcodes = [p for p in map(normalise_postcode, sorted(sample)) if p and lookup_postcode(p)]
        if len(postcodes) >= 5:
            book[district] = postcodes[:POSTCODES_PER_PLACE]
    return book


def unserved_districts() -> set[str]:
    return {info.gss_code for p in _UNSERVED_DEMO_POSTCODES if (info := lookup_postcode(p))}


# Places and organisations ------------------------------------------------------------------------


def seed_places(world: World) -> None:
    rng = world.rng
    book = postcodes_by_authority(rng)
    existing = list(Place.objects.all())
    for place in existing:
        if place.gss_code in book:
            world.demo_places[place.slug] = PlaceInfo(
                place.pk, place.name, place.slug, place.gss_code, book[place.gss_code]
            )
    taken_codes = {p.gss_code for p in existing} | unserved_districts()
    districts = rng.sample(sorted(set(book) - taken_codes), world.counts["places"])
    names = fake.place_names(rng, len(districts), {p.name.lower() for p in existing})
    description = f"A fictional place made by seed_demo --scale {world.size} --seed {world.seed}."
    for name, district in zip(names, districts, strict=True):
        info = PlaceInfo(
            fake.new_uuid(rng), name, MARKER_PREFIX + slugify(name), district, book[district]
        )
        world.places.append(info)
        world.loader.add(
            Place(
                id=info.id,
                name=name,
                slug=info.slug,
                gss_code=district,
                description=description,
                created_at=world.now,
                updated_at=world.now,
            )
        )


def _org_place(world: World) -> PlaceInfo:
    """Mostly one of the scale places; one in ten in a demo place, Wigan most often."""
    rng = world.rng
    if world.demo_places and rng.random() < 0.1:
        slugs = sorted(world.demo_places)
        weights = [4 if slug == "wigan" else 1 for slug in slugs]
        return world.demo_places[rng.choices(slugs, weights)[0]]
    return rng.choice(world.places)


def seed_organisations(world: World, *, cast_orgs: dict, cast_users: dict) -> None:
    """The scale organisations, each with a manager and a member of staff, and the demo hubs
    as the load knows them (with a few more staff at hub A for its share of the work)."""
    from demo.directory import HUB_A, HUB_B

    rng = world.rng
    kinds = fake.shuffled_quota(rng, world.counts["organisations"], KIND_SHARES)
    hub_places = iter(world.places)  # every scale place has a hub
    names_taken = set(Organisation.objects.values_list("name", flat=True))
    teams = []  # (organisation, role, user), written once the users have their ids
    for index, kind in enumerate(kinds):
        place = (next(hub_places, None) if kind == K.HUB else None) or _org_place(world)
        places = [place]
        if kind != K.COMMISSIONER and rng.random() < 0.15:
            second = _org_place(world)
            if second is not place:
                places.append(second)
        name = _org_name(rng, kind, place, names_taken)
        slug = f"{MARKER_PREFIX}{slugify(name)[:170]}-{index + 1}"
        org = OrgInfo(index, fake.new_uuid(rng), name, kind, places)
        world.orgs.append(org)
        world.loader.add(
            Organisation(
                id=org.id,
                name=name,
                slug=slug,
                kind=kind,
                legal_form=rng.choice(LEGAL_FORMS[kind]),
                description=DESCRIPTIONS[kind],
                is_catalyst_hub=kind == K.HUB and rng.random() < 0.2,
                website=f"https://{slug}.example.test/",
                email=f"hello@{slug}.example.test",
                phone=fake.landline(rng),
                is_demo=True,
                created_at=world.now,
                updated_at=world.now,
            )
        )
        for p in places:
            world.loader.add(Organisation.places.through(organisation_id=org.id, place_id=p.id))
        for role in (Membership.Role.MANAGER, Membership.Role.STAFF):
            teams.append((org, role, _staff_user(world, len(teams) + 1)))

    for key, slug in (("a", HUB_A), ("b", HUB_B)):
        organisation = cast_orgs[slug]
        places = [world.demo_places[p.slug] for p in organisation.places.all()]
        org = OrgInfo(
            len(world.orgs), organisation.pk, organisation.name, organisation.kind, places
        )
        if key == "a":
            org.members = [cast_users["manager_a"].pk, cast_users["staff_a"].pk]
        else:
            org.members = [cast_users["staff_b"].pk]
        world.orgs.append(org)
        setattr(world, f"hub_{key}", org)
    for _ in range(max(1, world.counts["journeys_hub_a"] // 400)):
        teams.append((world.hub_a, Membership.Role.STAFF, _staff_user(world, len(teams) + 1)))

    world.loader.flush()  # PostgreSQL returns the users' ids
    for org, role, user in teams:
        org.members.append(user.pk)
        world.loader.add(Membership(user_id=user.pk, organisation_id=org.id, role=role))
    for org in world.orgs:
        if org.kind == K.COMMISSIONER and org is not world.hub_a:
            for p in org.places:
                world.loader.add(
                    CommissionerScope(user_id=org.manager, place_id=p.id, organisation_id=org.id)
                )


def _org_name(rng, kind, place, taken: set[str]) -> str:
    for attempt in range(50):
        pattern = rng.choice(NAME_PATTERNS[kind])
        name = pattern.format(place=place.name, word=fake.surname(rng))
        if attempt > 10:
            name = f"{name} {rng.choice(['North', 'South', 'East', 'West', 'Central'])}"
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("Ran out of organisation names.")


def _staff_user(world: World, number: int):
    """A member of an organisation's team; the account has no password (nobody signs in as it)."""
    rng = world.rng
    first, last = fake.person_name(rng)
    user = get_user_model()(
        email=f"{slugify(first)}.{slugify(last)}.w{number}@example.test",
        first_name=first,
        last_name=last,
        password=fake.unusable_password(rng),
        date_joined=world.at(world.first_day),
    )
    world.loader.add(user)
    return user


# Locations and services ----------------------------------------------------------------------------


def seed_services(world: World) -> None:
    rng = world.rng
    languages = {language.code for language in Language.objects.all()}
    scale_orgs = [o for o in world.orgs if o is not world.hub_a and o is not world.hub_b]
    locations = {}
    for org in scale_orgs:
        locations[org.index] = [_location(world, org, place) for place in org.places]
    # Each organisation has one service; the rest go by kind.
    counts = dict.fromkeys((o.index for o in scale_orgs), 1)
    rest = world.counts["services"] - len(scale_orgs)
    weights = [SERVICE_WEIGHTS[o.kind] for o in scale_orgs]
    for org in rng.choices(scale_orgs, weights, k=max(0, rest)):
        counts[org.index] += 1
    for org in scale_orgs:
        slugs = set()
        for n in range(counts[org.index]):
            name, support, in_kind = rng.choice(SERVICES[org.kind])
            if n >= len(SERVICES[org.kind]) or slugify(name) in slugs:
                name = f"{name} ({rng.choice(['evenings', 'online', 'drop-in', 'for groups'])})"
            slug = slugify(name)
            while slug in slugs:
                slug = f"{slugify(name)}-{len(slugs) + 1}"
            slugs.add(slug)
            _service(world, org, locations[org.index], name, slug, support, in_kind, languages)


def _location(world: World, org: OrgInfo, place: PlaceInfo) -> Location:
    rng = world.rng
    postcode = rng.choice(place.postcodes)
    info = lookup_postcode(postcode)
    latitude, longitude = osgb36_to_wgs84(info.easting, info.northing)
    location = Location(
        id=fake.new_uuid(rng),
        organisation_id=org.id,
        name=f"{org.name}, {place.name}",
        address_1=fake.street_address(rng),
        city=place.name,
        postcode=postcode,
        place_id=place.id,
        local_authority_code=info.gss_code,
        easting=info.easting,
        northing=info.northing,
        latitude=latitude,
        longitude=longitude,
        accessibility=rng.choice(
            ["", "Step-free entrance.", "Step-free entrance and a hearing loop at reception."]
        ),
        updated_at=world.now,
    )
    world.loader.add(location)
    return location


def _service(world, org, locations, name, slug, support, in_kind, languages) -> None:
    rng = world.rng
    terms = world.terms
    modes = Service.DeliveryMode
    mode = rng.choices(
        [modes.IN_PERSON, modes.MIXED, modes.ONLINE, modes.TELEPHONE], [50, 25, 20, 5]
    )[0]
    free = rng.random() < 0.85
    service = Service(
        id=fake.new_uuid(rng),
        organisation_id=org.id,
        name=name,
        slug=slug,
        description=f"{name} from {org.name}: fictional, for trying the site at scale.",
        email=f"hello@{slug}.example.test",
        status=rng.choices(
            [
                Service.Status.ACTIVE,
                Service.Status.TEMPORARILY_CLOSED,
                Service.Status.INACTIVE,
                Service.Status.DEFUNCT,
            ],
            [92, 3, 4, 1],
        )[0],
        is_free=free,
        fees_description="" if free else "A small charge; ask about free places.",
        delivery_mode=mode,
        capacity=rng.choices(list(Service.Capacity.values), [70, 15, 10, 5])[0],
        in_kind_offer=in_kind,
        created_at=world.now,
        updated_at=world.now,
    )
    org.services.append(service.id)
    loader = world.loader
    loader.add(service)
    loader.add(
        Service.support_types.through(
            service_id=service.id, taxonomyterm_id=terms["support"][support].pk
        )
    )
    for code in rng.sample(ALL_BUSINESS_TYPES, rng.choice([0, 0, 1, 2, 3])):
        loader.add(
            Service.business_types.through(
                service_id=service.id, taxonomyterm_id=terms["business"][code].pk
            )
        )
    codes = ["en"] + ([rng.choice(OTHER_LANGUAGES)] if rng.random() < 0.2 else [])
    for code in codes:
        if code in languages:
            loader.add(Service.languages.through(service_id=service.id, language_id=code))
    if mode in (Service.DeliveryMode.IN_PERSON, Service.DeliveryMode.MIXED):
        for location in locations[: rng.choice([1, 1, 1, 2])]:
            at = ServiceAtLocation(
                id=fake.new_uuid(rng),
                service_id=service.id,
                location_id=location.id,
                updated_at=world.now,
            )
            loader.add(at)
            for day in rng.sample(["MO", "TU", "WE", "TH", "FR"], rng.choice([1, 2])):
                opens = rng.choice([9, 10])
                loader.add(
                    Schedule(
                        id=fake.new_uuid(rng),
                        service_id=service.id,
                        service_at_location_id=at.id,
                        byday=day,
                        opens_at=time(opens, 0),
                        closes_at=time(opens + rng.choice([3, 4, 7]), 0),
                    )
                )
