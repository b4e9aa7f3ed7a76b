"""Demo figures for Wigan: two years of requests, journeys, sessions, milestones, wellbeing
checks and referrals at the hubs serving Wigan, so its insights dashboard shows most figures.

Wigan had one hub in the demo, so a second, small one (Tinker's Yard) is added: hub A's staff
then see the rest of the place's figures protected beside their own. Every person is invented
(surnames nobody has, example.com addresses, phone numbers from Ofcom's range for drama).

Journeys, sessions, milestones, wellbeing checks, decisions on requests and referrals go through
the services, as the forms do, so each journey keeps its history; their dates are then set back.
Every date falls in one of the last 24 full months, counted from the first of this month, so
the dashboard's default period (the last 12 full months) and the one before it hold the same
figures whatever day the demo is loaded. Nothing is emailed, the story prompts the stage moves
raise are dismissed and referral notifications are marked read. Running it twice changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from ecosystem.models import (
    BUSINESS_TYPES,
    SUPPORT_TYPES,
    Language,
    Location,
    Membership,
    Organisation,
    Place,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from ecosystem.postcodes import lookup_postcode
from ecosystem.services import location_place_from_postcode
from journeys.models import (
    PRIVACY_NOTICE_VERSION,
    Barrier,
    Client,
    ContactMethod,
    EqualityMonitoring,
    Journey,
    JourneyChange,
    Milestone,
    RequestPass,
    Session,
    Stage,
    SupportRequest,
    WellbeingCheck,
)
from journeys.services import (
    ClientDetails,
    journey_create,
    journey_move_to_stage,
    journey_set_status,
    journey_update,
    milestone_record,
    session_log,
    wellbeing_record,
)
from journeys.triage.services import request_accept, request_close, request_pass
from referrals.models import Notification, Referral, ReferralChange
from referrals.services import (
    notifications_mark_read,
    referral_accept,
    referral_move,
    referral_send,
    referrals_remind_and_expire,
)
from stories.models import Consent, Story, StoryChange, StoryPrompt, Theme
from stories.selectors import outcome_elements
from stories.services import (
    ConsentDetails,
    StoryDetails,
    story_approve,
    story_capture,
    story_prompt_dismiss,
)

from .directory import HUB_A, HUB_B

BASE = "http://127.0.0.1:8000/"
HUB_C = "tinkers-yard-community-hub"
HUB_C_WORKER = "staff.c@demo.test"
ADVISERS = "heron-lane-co-operative-advisers"
LENDER = "five-rise-community-finance"

ENQ, EXP, PLAN = Stage.ENQUIRY, Stage.EXPLORING, Stage.PLANNING
START, TRADE, GROW = Stage.STARTING, Stage.TRADING, Stage.GROWING
B = Barrier
W = "wigan"  # a Wigan postcode, one of WIGAN_POSTCODES in turn
WIGAN_POSTCODES = ["WN1 1AB", "WN3 4AA", "WN5 0AA", "WN6 7AA", "WN1 1AD", "WN7 1AA"]
HINDLEY = "WN2 1AA"
BRADFORD = "BD1 1BG"
ST_HELENS = "WA10 1AA"  # next to Wigan, but not a demo place: no hub serves it
BOLTON = "BL1 1AA"  # likewise


# Dates: "back" is how many months before this one; day is the day of that month (1 to 28).


def _month(back: int) -> date:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _on(back: int, day: int) -> date:
    return _month(back) + timedelta(days=day - 1)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _last_month_end() -> date:
    return _month(0) - timedelta(days=1)


@dataclass(frozen=True)
class Person:
    """One journey: how it began, its stages (each with the month it moved there) and more.

    origin: "request" (asked online, taken on by the hub), "via-a" (asked online, passed by
    hub A to hub C, which took it on), "admin" (asked from a place no hub serves, passed by the
    administrators to the hub) or "staff" (started by staff after a visit or a call).
    """

    key: str
    name: str
    venture: str
    idea: str
    btype: str
    hub: str
    origin: str
    day: int
    stages: tuple
    postcode: str = W
    status: tuple = ()  # ("paused", back) or ("closed", back, reason)
    group: str = ""
    barriers: tuple = ()
    sensitive: tuple = ()
    equality: tuple = ()  # (age band, gender, ethnic group, disabled)

    @property
    def email(self) -> str:
        return self.name.lower().replace(" ", ".").replace("'", "") + "@example.com"

    @property
    def start(self) -> date:
        return _on(self.stages[0][1], self.day)


# fmt: off
PEOPLE = [
    # Hub A, asked online
    Person("ada", "Ada Notreal", "Ada's Alterations", "Alterations and clothes repairs from my front room, and collection from people's homes.", "small-local-firm", "a", "request", 5,
           ((EXP, 11), (PLAN, 8), (START, 4)), barriers=(B.FINANCE,), equality=("25-34", "woman", "white", "no")),
    Person("bilal", "Bilal Pretendly", "Spice Route supper club", "A monthly supper club cooking my family's recipes, maybe a market stall later.", "small-local-firm", "a", "request", 8,
           ((EXP, 10), (PLAN, 6)), barriers=(B.CHILDCARE, B.BENEFITS, B.LANGUAGE), equality=("35-49", "man", "asian", "no")),
    Person("cerys", "Cerys Madeupson", "Little Acorns outdoor play", "Outdoor play sessions in the parks for toddlers and their parents.", "social-enterprise", "a", "request", 12,
           ((PLAN, 9), (START, 6), (TRADE, 2)), barriers=(B.FINANCE,), equality=("25-34", "woman", "white", "no")),
    Person("dariusz", "Dariusz Storybook", "Mobile bike repair van", "Fixing bikes from a van at the estates and outside the schools.", "small-local-firm", "a", "request", 15,
           ((EXP, 7),), barriers=(B.BENEFITS,)),
    Person("ebele", "Ebele Placeholderson", "Braiding and hair studio", "A hair braiding studio, starting from home.", "small-local-firm", "a", "request", 19,
           ((EXP, 5),), barriers=(B.CHILDCARE,), sensitive=(B.DISABILITY,), equality=("35-49", "woman", "black", "yes")),
    Person("fergus", "Fergus Samplewood", "Towpath tea boat", "Selling teas and cakes from a narrowboat on the canal at weekends.", "small-local-firm", "a", "request", 22,
           ((EXP, 4), (PLAN, 2)), equality=("50-64", "man", "white", "no")),
    Person("grace", "Grace Exampleton", "Ince community pantry", "Our group wants to turn the food bank into a pantry people join for a small weekly fee.", "community-business", "a", "request", 6,
           ((PLAN, 12), (START, 7), (TRADE, 3)), group="Ince Pantry Volunteers", barriers=(B.FINANCE,), equality=("50-64", "woman", "white", "no")),
    Person("hamza", "Hamza Fictionby", "Phone and laptop repairs", "Repairing phones and laptops for people on my street and beyond.", "small-local-firm", "a", "admin", 9,
           ((EXP, 3),), postcode=ST_HELENS, barriers=(B.HOUSING,), equality=("16-24", "man", "asian", "no")),
    Person("imogen", "Imogen Testwell", "Upcycled furniture", "Doing up old furniture and selling it online.", "small-local-firm", "a", "request", 14,
           ((EXP, 2),), barriers=(B.CHILDCARE,), equality=("16-24", "woman", "white", "not-say")),
    Person("jakub", "Jakub Dummyfield", "Window cleaning round", "A window cleaning round in Pemberton and Orrell.", "small-local-firm", "a", "request", 17,
           ((PLAN, 11), (START, 5)), status=("paused", 3), barriers=(B.FINANCE,), equality=("35-49", "man", "white", "no")),
    Person("kezia", "Kezia Imaginary", "Dog grooming", "A dog grooming parlour in a garden cabin.", "small-local-firm", "a", "request", 20,
           ((EXP, 9),), status=("closed", 4, Journey.CloseReason.STOPPED), barriers=(B.BENEFITS,), sensitive=(B.DISABILITY,)),
    Person("luca", "Luca Inventore", "Wigan Youth Kitchen", "A kitchen where young people learn to cook and run a lunch café.", "social-enterprise", "a", "request", 25,
           ((START, 10), (TRADE, 5)), barriers=(B.FINANCE, B.LANGUAGE), equality=("25-34", "man", "mixed", "no")),
    Person("maya", "Maya Demoford", "Pemberton bike co-op", "A few of us want to start a co-operative bike shop and repair workshop.", "co-operative", "a", "request", 7,
           ((EXP, 6), (PLAN, 3)), group="Pemberton Bike Co-op", barriers=(B.CHILDCARE, B.LANGUAGE), equality=("25-34", "woman", "asian", "no")),
    Person("niall", "Niall Mockridge", "Garden maintenance", "Garden maintenance and hedge cutting for older neighbours.", "small-local-firm", "a", "request", 11,
           ((PLAN, 8), (START, 3)), barriers=(B.FINANCE,), equality=("35-49", "man", "white", "yes")),
    Person("olu", "Olu Pretendwell", "Mobile barber", "Cutting hair at people's homes and in care homes.", "small-local-firm", "a", "admin", 16,
           ((EXP, 1),), postcode=BOLTON, barriers=(B.BENEFITS,), equality=("16-24", "not-say", "black", "no")),
    Person("paula", "Paula Makebelieve", "Paula's Bakery", "Selling my bread and cakes to cafés and at the market.", "small-local-firm", "a", "request", 6,
           ((EXP, 22), (PLAN, 18), (START, 13), (TRADE, 8), (GROW, 3)), barriers=(B.HOUSING,), equality=("50-64", "woman", "white", "no")),
    Person("qasim", "Qasim Nonesuch", "Modest fashion boutique", "A boutique selling modest fashion, first online, then a shop.", "small-local-firm", "a", "request", 10,
           ((PLAN, 20), (START, 15), (TRADE, 9)), barriers=(B.FINANCE,), sensitive=(B.FAITH_FINANCE,), equality=("35-49", "man", "asian", "no")),
    Person("rhian", "Rhian Fablewood", "Wool and Wellbeing craft café", "A craft café where people can knit, sew and talk.", "social-enterprise", "a", "request", 13,
           ((EXP, 16), (PLAN, 12), (START, 7)), barriers=(B.CHILDCARE,), equality=("65+", "woman", "white", "yes")),
    Person("stefan", "Stefan Storyton", "Home energy advice", "Helping people cut their energy bills, paid for by the savings.", "social-enterprise", "a", "request", 18,
           ((EXP, 14), (PLAN, 10)), barriers=(B.BENEFITS,)),
    Person("tia", "Tia Notaperson", "Leigh Makers co-operative", "Our makers' group wants to run a shared shop and workshop in Leigh.", "co-operative", "a", "request", 21,
           ((START, 23), (TRADE, 17), (GROW, 6)), postcode="WN7 1AA", group="Leigh Makers Collective", barriers=(B.FINANCE,), equality=("35-49", "woman", "not-say", "not-say")),
    Person("umar", "Umar Mockington", "Takeaway delivery", "Delivering takeaways from the small restaurants nearby.", "small-local-firm", "a", "request", 24,
           ((EXP, 19),), status=("closed", 15, Journey.CloseReason.NO_CONTACT)),
    Person("vera", "Vera Sampleby", "Vintage clothes stall", "A vintage clothes stall at the market hall.", "small-local-firm", "a", "request", 8,
           ((PLAN, 15), (START, 11), (TRADE, 4)), equality=("50-64", "woman", "white", "no")),
    # Hub A, started by staff
    Person("wes", "Wes Pretence", "Car valeting", "Came to the drop-in: car valeting on the estate.", "small-local-firm", "a", "staff", 5, ((ENQ, 3),)),
    Person("xenia", "Xenia Specimen", "Translation services", "Phoned: translating letters and forms for families.", "not-sure-yet", "a", "staff", 9, ((ENQ, 2),), postcode=""),
    Person("yusuf", "Yusuf Illustrate", "Phone case market stall", "Met at the market: a stall selling phone cases.", "small-local-firm", "a", "staff", 12, ((ENQ, 6), (EXP, 4)), postcode=BRADFORD),
    Person("zara", "Zara Hypothetical", "Yoga classes", "Yoga classes in church halls.", "small-local-firm", "a", "staff", 15, ((ENQ, 10), (EXP, 8), (PLAN, 5)), postcode=BOLTON),
    Person("aled", "Aled Figment", "Community radio show", "Came to the drop-in: a radio show about local businesses.", "not-sure-yet", "a", "staff", 18, ((ENQ, 1),)),
    Person("bronwen", "Bronwen Notional", "Clean Sweep", "A cleaning social enterprise employing people leaving prison.", "social-enterprise", "a", "staff", 23,
           ((ENQ, 20), (EXP, 18), (PLAN, 14), (START, 10), (TRADE, 6))),
    Person("callum", "Callum Daydream", "Gaming café", "Phoned: a gaming café for teenagers.", "not-sure-yet", "a", "staff", 26, ((ENQ, 4),), postcode=""),
    Person("dina", "Dina Makeshift", "Scholes food co-operative", "A food co-operative buying in bulk for the estate.", "co-operative", "a", "staff", 7,
           ((ENQ, 21), (EXP, 19), (PLAN, 16), (START, 12), (TRADE, 7), (GROW, 2)), group="Scholes Food Co-op"),
    Person("eamon", "Eamon Talespin", "Wedding photography", "Wedding and event photography.", "small-local-firm", "a", "staff", 10,
           ((ENQ, 13), (EXP, 11)), postcode=ST_HELENS, status=("closed", 6, Journey.CloseReason.MOVED_ON)),
    Person("farah", "Farah Dummyworth", "Henna and beauty", "Henna and beauty treatments for weddings and parties.", "small-local-firm", "a", "staff", 14,
           ((ENQ, 18), (EXP, 16), (PLAN, 13), (START, 9), (TRADE, 5))),
    Person("gethin", "Gethin Testcase", "Joinery", "Fitted kitchens and joinery.", "small-local-firm", "a", "staff", 17,
           ((ENQ, 24), (EXP, 22)), postcode=BRADFORD, status=("closed", 20, Journey.CloseReason.MOVED_AWAY)),
    Person("hana", "Hana Examplar", "Party entertainer", "A children's party entertainer.", "small-local-firm", "a", "staff", 20,
           ((ENQ, 9), (EXP, 7), (PLAN, 4)), status=("paused", 2)),
    Person("idris", "Idris Mockup", "Golborne Men's Shed", "A men's shed that takes on small woodwork jobs.", "community-business", "a", "staff", 24,
           ((ENQ, 17), (EXP, 15), (PLAN, 12), (START, 8), (TRADE, 3)), group="Golborne Men's Shed"),
    Person("joy", "Joy Pretendia", "Cake decorating", "Phoned: decorated cakes to order.", "small-local-firm", "a", "staff", 27, ((ENQ, 5), (EXP, 3)), postcode=""),
    Person("kofi", "Kofi Inventwell", "Electric bike hire", "Electric bikes to hire by the day.", "small-local-firm", "a", "staff", 6,
           ((ENQ, 23), (EXP, 21), (PLAN, 19), (START, 16)), status=("closed", 14, Journey.CloseReason.STOPPED)),
    # Hub C (Tinker's Yard, Hindley)
    Person("lena", "Lena Nottrue", "Hindley plant nursery", "Growing and selling plants from the allotments.", "small-local-firm", "c", "request", 9,
           ((EXP, 10), (PLAN, 6)), postcode=HINDLEY, barriers=(B.FINANCE,), equality=("25-34", "woman", "white", "no")),
    Person("marek", "Marek Sampleson", "Builders' co-operative", "Four of us want to form a builders' co-operative.", "co-operative", "c", "via-a", 13,
           ((PLAN, 8), (START, 4)), postcode=HINDLEY, barriers=(B.FINANCE,), equality=("35-49", "man", "white", "no")),
    Person("nadia", "Nadia Fictive", "Sewing classes", "Sewing classes for women who want to make and mend.", "social-enterprise", "c", "via-a", 16,
           ((EXP, 5),), barriers=(B.CHILDCARE,), equality=("25-34", "not-say", "asian", "no")),
    Person("owen", "Owen Imagineer", "Odd-job handyman", "Came in: odd jobs and small repairs.", "small-local-firm", "c", "staff", 19,
           ((ENQ, 14), (EXP, 12), (PLAN, 9), (START, 5), (TRADE, 2)), postcode=HINDLEY),
    Person("priti", "Priti Conjecture", "Tutoring", "Phoned: maths tutoring after school.", "not-sure-yet", "c", "staff", 22, ((ENQ, 3),), postcode=""),
    Person("rory", "Rory Demoworth", "Hindley Repair Café", "A repair café that keeps things out of the tip.", "social-enterprise", "c", "staff", 25,
           ((ENQ, 20), (EXP, 17), (PLAN, 13), (START, 9), (TRADE, 4)), postcode=HINDLEY, group="Hindley Repair Café"),
    Person("sade", "Sade Madeupley", "Event catering", "Catering for christenings and parties.", "small-local-firm", "c", "request", 11,
           ((EXP, 13), (PLAN, 11)), status=("closed", 7, Journey.CloseReason.STOPPED)),
    Person("tomasz", "Tomasz Mockwell", "Van removals", "Came in: small removals with a van.", "small-local-firm", "c", "staff", 8, ((ENQ, 7), (EXP, 5)), postcode=BRADFORD),
]

# Hub B (Bradford) journeys referred to hub A.
HUB_B_PEOPLE = [
    Person("imran", "Imran Fictionshire", "Halal catering", "Catering for community events; wants a stall at Wigan's market hall.", "small-local-firm", "b", "staff", 4, ((PLAN, 10),), postcode=BRADFORD),
    Person("agnieszka", "Agnieszka Examplewicz", "Cleaning co-operative", "A cleaning co-operative; moving to Leigh to be near family.", "co-operative", "b", "staff", 9, ((EXP, 6),), postcode=BRADFORD),
]

# Requests that did not become journeys: (name, postcode, back, day, outcome, note).
# "passed-on": asked from a place no hub serves, passed to hub A by the administrators, then by
# hub A to hub B (Bradford) for what only it offers. "waiting-c": passed by hub A to hub C.
OTHER_REQUESTS = [
    ("Ruby Pretendsworth", W, 1, 18, "waiting", ""),
    ("Sol Examplewood", W, 1, 24, "waiting-c", "Tinker's Yard is round the corner from them."),
    ("Yasmin Fictionella", ST_HELENS, 11, 4, "passed-on", "They want coaching in Urdu by video call, which Canal Side's coaches offer."),
    ("Tariq Mockbury", BOLTON, 8, 10, "passed-on", "They asked for faith-compliant finance guidance: Canal Side runs it by telephone."),
    ("Ewa Samplova", ST_HELENS, 6, 15, "passed-on", "They move to Bradford in the spring."),
    ("Kwame Notional", BOLTON, 4, 6, "passed-on", "They work in Bradford and want a desk near work."),
    ("Bea Inventova", BOLTON, 2, 12, "passed-on", "They want a weekend stall at Canal Side's start-up market."),
    ("Harvey Nobody", W, 12, 9, "no-reply", "Three calls and two emails, no answer."),
    ("Iris Unreal", W, 10, 14, "no-reply", "No answer to calls or emails."),
    ("Jonah Fabricato", W, 8, 20, "no-reply", "The phone number did not work; no reply by email."),
    ("Kim Pseudonym", W, 7, 3, "no-reply", "No answer after two weeks."),
    ("Leon Madeupski", W, 5, 8, "no-reply", "No answer to calls or emails."),
    ("Mina Notreally", W, 2, 17, "no-reply", "No answer after two weeks."),
    ("Nora Placeholder-Smith", W, 11, 21, "signposted", "Sent to Heron Lane's co-op clinic, which fits better."),
    ("Oscar Exampleman", W, 9, 6, "signposted", "Wants a mortgage adviser: sent to the council's money advice service."),
    ("Poppy Fauxley", W, 6, 24, "signposted", "Already trading; sent to the growth programme."),
    ("Quinn Mockery", W, 3, 10, "signposted", "Sent to the careers service for a job first."),
    ("Rosa Sampleford", W, 1, 7, "signposted", "Sent to Brightwater for the printer loan."),
    ("Seth Inventwood", W, 10, 26, "withdrawn", "Found a job and put the idea on hold."),
    ("Tess Notional-Jones", W, 7, 15, "withdrawn", "Moving away."),
    ("Uma Fictionova", W, 4, 19, "withdrawn", "Decided to stay in their job."),
    ("Vic Dummyson", W, 9, 11, "not-eligible", "Buying a franchise: not something the hubs help with."),
    ("Will Madeupton", W, 5, 23, "not-eligible", "A loan to buy a house, not a business."),
    ("bilal", W, 10, 6, "duplicate", "Sent the form twice."),
    ("ebele", W, 5, 17, "duplicate", "Sent the form twice."),
    ("Test Test", W, 6, 2, "spam", ""),
    # The period before
    ("Xander Pretendson", ST_HELENS, 20, 11, "passed-on", "They want coaching in Punjabi, which Canal Side offers."),
    ("Yara Samplewell", BOLTON, 15, 7, "passed-on", "They are moving to Bradford."),
    ("Zeb Fictionham", W, 22, 5, "no-reply", "No answer to calls or emails."),
    ("Alma Notreal-Brown", W, 18, 12, "no-reply", "No answer after two weeks."),
    ("Bryn Mockfield", W, 14, 21, "no-reply", "No answer to calls or emails."),
    ("Cleo Imaginato", W, 21, 16, "signposted", "Sent to the council's business rates team."),
    ("Drew Examplewick", W, 16, 9, "signposted", "Sent to Heron Lane's co-op clinic."),
    ("Elsie Makebelieve", W, 19, 22, "withdrawn", "No longer wants support."),
    ("qasim", W, 20, 8, "duplicate", "Sent the form twice."),
]
CLOSE_REASONS = {
    "no-reply": SupportRequest.CloseReason.NO_REPLY,
    "signposted": SupportRequest.CloseReason.SIGNPOSTED,
    "withdrawn": SupportRequest.CloseReason.WITHDRAWN,
    "not-eligible": SupportRequest.CloseReason.NOT_ELIGIBLE,
    "duplicate": SupportRequest.CloseReason.DUPLICATE,
    "spam": SupportRequest.CloseReason.SPAM,
}

S = Session.Kind
# Sessions beside the coaching at every start and stage move: (hub, kind, back, day, minutes,
# what it covered, journeys). Several journeys make a group session.
SESSIONS = [
    ("a", S.WORKSHOP, 11, 28, 120, "Costing and pricing", ["paula", "qasim", "rhian", "stefan", "vera", "bronwen", "dina"]),
    ("a", S.WORKSHOP, 9, 28, 150, "Telling people about your venture", ["ada", "bilal", "luca", "jakub", "zara", "idris"]),
    ("a", S.WORKSHOP, 7, 28, 120, "Bookkeeping and tax basics", ["cerys", "kezia", "niall", "rhian", "farah", "hana"]),
    ("a", S.WORKSHOP, 5, 28, 90, "Choosing a legal form", ["dariusz", "maya", "stefan", "yusuf", "zara", "ebele"]),
    ("a", S.WORKSHOP, 3, 28, 120, "Selling online", ["ebele", "maya", "vera", "joy", "luca", "grace"]),
    ("a", S.WORKSHOP, 2, 28, 120, "Costing and pricing", ["hamza", "wes", "callum", "joy", "fergus", "dariusz"]),
    ("a", S.WORKSHOP, 20, 28, 120, "Costing and pricing", ["paula", "qasim", "tia", "bronwen", "dina"]),
    ("a", S.WORKSHOP, 16, 28, 90, "Choosing a legal form", ["qasim", "rhian", "umar", "idris", "kofi", "farah"]),
    ("c", S.WORKSHOP, 6, 28, 120, "An introduction to co-operatives", ["lena", "marek", "owen", "rory"]),
    ("c", S.WORKSHOP, 2, 28, 90, "Costing and pricing", ["lena", "nadia", "priti", "tomasz"]),
    ("a", S.PEER_SUPPORT, 10, 27, 120, "Tuesday peer circle: finding customers", ["paula", "qasim", "bronwen", "dina", "farah", "idris"]),
    ("a", S.PEER_SUPPORT, 8, 27, 120, "Tuesday peer circle: keeping going", ["ada", "cerys", "luca", "rhian", "vera"]),
    ("a", S.PEER_SUPPORT, 6, 27, 120, "Tuesday peer circle: working with family", ["grace", "jakub", "niall", "tia", "bronwen"]),
    ("a", S.PEER_SUPPORT, 4, 27, 120, "Tuesday peer circle: pricing", ["cerys", "grace", "luca", "paula", "idris", "farah"]),
    ("a", S.PEER_SUPPORT, 1, 27, 120, "Tuesday peer circle: the year ahead", ["ada", "niall", "rhian", "tia", "vera", "dina"]),
    ("a", S.PEER_SUPPORT, 18, 27, 120, "Tuesday peer circle: first customers", ["paula", "tia", "bronwen", "dina", "qasim"]),
    ("a", S.ACTION_LEARNING, 9, 26, 150, "Action learning set: taking on staff", ["paula", "tia", "bronwen", "dina", "idris"]),
    ("a", S.ACTION_LEARNING, 6, 26, 150, "Action learning set: finding premises", ["cerys", "luca", "qasim", "vera", "farah"]),
    ("a", S.ACTION_LEARNING, 3, 26, 150, "Action learning set: cash flow", ["ada", "grace", "niall", "rhian", "paula"]),
    ("a", S.ACTION_LEARNING, 15, 26, 150, "Action learning set: getting started", ["paula", "tia", "bronwen", "dina", "farah"]),
    ("a", S.WRAP_AROUND, 9, 12, 45, "Benefits check before starting to trade", ["bilal"]),
    ("a", S.WRAP_AROUND, 6, 12, 60, "Benefits and permitted work", ["dariusz"]),
    ("a", S.WRAP_AROUND, 4, 12, 30, "Childcare for the busy days", ["ebele"]),
    ("a", S.WRAP_AROUND, 8, 12, 45, "Benefits check", ["kezia"]),
    ("a", S.WRAP_AROUND, 5, 12, 90, "English classes and childcare", ["maya"]),
    ("a", S.WRAP_AROUND, 1, 20, 60, "Benefits check", ["olu"]),
    ("a", S.WRAP_AROUND, 2, 12, 45, "Housing: letters from the landlord", ["hamza"]),
    ("a", S.WRAP_AROUND, 1, 10, 30, "Childcare for the market days", ["imogen"]),
    ("a", S.WRAP_AROUND, 13, 20, 45, "Benefits check", ["stefan"]),
    ("a", S.WRAP_AROUND, 18, 12, 60, "Housing advice", ["paula"]),
    ("c", S.WRAP_AROUND, 9, 12, 45, "Help with a grant form", ["lena"]),
    ("c", S.WRAP_AROUND, 4, 12, 60, "Childcare for the classes", ["nadia"]),
    ("a", S.PRACTICAL, 5, 15, 90, "Risk assessment for the park sessions", ["cerys"]),
    ("a", S.PRACTICAL, 8, 15, 120, "Setting up the kitchen to pass its hygiene inspection", ["luca"]),
    ("a", S.PRACTICAL, 2, 15, 60, "Setting up invoices", ["niall"]),
    ("a", S.PRACTICAL, 3, 15, 90, "Stall layout and card payments", ["vera"]),
    ("a", S.PRACTICAL, 5, 16, 60, "Writing the first price list", ["bronwen"]),
    ("a", S.PRACTICAL, 4, 15, 120, "Booking system and website", ["farah"]),
    ("a", S.PRACTICAL, 2, 16, 180, "Shelving and stock system for the pantry", ["grace"]),
    ("a", S.PRACTICAL, 14, 15, 90, "Food hygiene training", ["paula"]),
    ("c", S.PRACTICAL, 4, 15, 60, "Quotes and invoices", ["owen"]),
    ("c", S.PRACTICAL, 5, 15, 90, "Volunteer rota and safety checks", ["rory"]),
    ("a", S.SIGNPOSTING, 2, 8, 20, "To the council's licensing team", ["wes"]),
    ("a", S.SIGNPOSTING, 1, 8, 30, "To an interpreting agency for work", ["xenia"]),
    ("a", S.SIGNPOSTING, 1, 22, 20, "To the community radio station", ["aled"]),
    ("a", S.SIGNPOSTING, 3, 8, 30, "To the youth service", ["callum"]),
    ("a", S.SIGNPOSTING, 7, 8, 20, "To St Helens' business support", ["eamon"]),
    ("a", S.SIGNPOSTING, 4, 8, 30, "To a food hygiene course", ["joy"]),
    ("a", S.SIGNPOSTING, 8, 8, 20, "To Bolton's enterprise club", ["zara"]),
    ("c", S.SIGNPOSTING, 2, 8, 20, "To the library's homework club", ["priti"]),
    ("c", S.SIGNPOSTING, 6, 8, 30, "To Bradford's business support", ["tomasz"]),
]

M = Milestone.Kind
L = Organisation.LegalForm
# (journey, kind, back, the figure): a legal form, jobs, volunteers or pounds.
MILESTONES = [
    ("ada", M.REGISTERED, 4, L.SOLE_TRADER),
    ("jakub", M.REGISTERED, 5, L.SOLE_TRADER),
    ("niall", M.REGISTERED, 3, L.SOLE_TRADER),
    ("vera", M.REGISTERED, 11, L.SOLE_TRADER),
    ("farah", M.REGISTERED, 9, L.SOLE_TRADER),
    ("owen", M.REGISTERED, 5, L.SOLE_TRADER),
    ("cerys", M.REGISTERED, 6, L.CIC),
    ("luca", M.REGISTERED, 10, L.CIC),
    ("rhian", M.REGISTERED, 7, L.CIC),
    ("bronwen", M.REGISTERED, 10, L.CIC),
    ("rory", M.REGISTERED, 9, L.CIC),
    ("dina", M.REGISTERED, 12, L.COOP),
    ("marek", M.REGISTERED, 4, L.COOP),
    ("grace", M.REGISTERED, 7, L.CBS),
    ("paula", M.REGISTERED, 13, L.SOLE_TRADER),
    ("qasim", M.REGISTERED, 15, L.LTD),
    ("tia", M.REGISTERED, 23, L.COOP),
    ("kofi", M.REGISTERED, 16, L.SOLE_TRADER),
    ("cerys", M.FIRST_SALE, 2, None),
    ("grace", M.FIRST_SALE, 3, None),
    ("luca", M.FIRST_SALE, 5, None),
    ("paula", M.FIRST_SALE, 8, None),
    ("qasim", M.FIRST_SALE, 9, None),
    ("vera", M.FIRST_SALE, 4, None),
    ("bronwen", M.FIRST_SALE, 6, None),
    ("farah", M.FIRST_SALE, 5, None),
    ("idris", M.FIRST_SALE, 3, None),
    ("owen", M.FIRST_SALE, 2, None),
    ("tia", M.FIRST_SALE, 17, None),
    ("paula", M.JOBS, 3, "2.0"),
    ("tia", M.JOBS, 5, "1.5"),
    ("dina", M.JOBS, 2, "3.0"),
    ("cerys", M.JOBS, 1, "1.0"),
    ("luca", M.JOBS, 4, "0.5"),
    ("bronwen", M.JOBS, 2, "0.5"),
    ("tia", M.JOBS, 16, "1.0"),
    ("grace", M.VOLUNTEERS, 4, 10),
    ("tia", M.VOLUNTEERS, 9, 6),
    ("rory", M.VOLUNTEERS, 3, 4),
    ("luca", M.VOLUNTEERS, 6, 2),
    ("idris", M.VOLUNTEERS, 2, 3),
    ("paula", M.VOLUNTEERS, 15, 2),
    ("ada", M.FINANCE, 3, "2500.00"),
    ("grace", M.FINANCE, 5, "4000.00"),
    ("paula", M.FINANCE, 10, "12000.00"),
    ("tia", M.FINANCE, 8, "25000.00"),
    ("bronwen", M.FINANCE, 6, "6500.00"),
    ("owen", M.FINANCE, 3, "750.00"),
    ("niall", M.FINANCE, 2, "1200.00"),
    ("qasim", M.FINANCE, 14, "3000.00"),
    ("dina", M.FINANCE, 13, "5000.00"),
    ("luca", M.PREMISES, 9, None),
    ("vera", M.PREMISES, 3, None),
    ("rory", M.PREMISES, 6, None),
    ("tia", M.PREMISES, 18, None),
]
FINANCE_NOTES = ["A start-up grant.", "A community loan.", "Community shares.", "A crowdfunder."]

# (journey, back at the start, back at the follow-up, scores at the start, at the follow-up):
# life satisfaction, worthwhile, happiness, anxiety, confidence.
WELLBEING = [
    ("ada", 11, 2, (5, 6, 5, 6, 3), (7, 7, 7, 4, 6)),
    ("bilal", 10, 3, (4, 5, 4, 7, 2), (6, 6, 6, 5, 5)),
    ("cerys", 9, 2, (6, 6, 6, 5, 4), (7, 8, 7, 3, 7)),
    ("grace", 12, 3, (5, 7, 5, 6, 4), (7, 8, 6, 4, 7)),
    ("jakub", 11, 4, (3, 4, 3, 8, 2), (5, 6, 5, 6, 4)),
    ("luca", 10, 3, (6, 7, 6, 4, 5), (8, 8, 7, 3, 8)),
    ("niall", 8, 1, (5, 5, 4, 6, 3), (6, 7, 6, 5, 6)),
    ("lena", 10, 2, (4, 6, 5, 7, 3), (6, 7, 6, 5, 5)),
    ("marek", 8, 1, (6, 6, 5, 5, 4), (7, 7, 7, 4, 6)),
    ("rhian", 16, 4, (5, 6, 6, 6, 3), (7, 7, 7, 4, 6)),
    # The period before: these have no follow-up in the last 12 months.
    ("paula", 22, 14, (4, 5, 4, 7, 3), (6, 7, 6, 5, 6)),
    ("qasim", 20, 15, (5, 6, 5, 6, 4), (6, 7, 6, 5, 6)),
    ("tia", 23, 13, (6, 7, 6, 5, 5), (8, 8, 7, 3, 8)),
]
# A halfway check (not the latest follow-up) and a start with no follow-up yet.
EXTRA_CHECKS = [
    ("ada", WellbeingCheck.Occasion.FOLLOW_UP, 6, (6, 6, 6, 5, 4)),
    ("maya", WellbeingCheck.Occasion.START, 6, (5, 6, 5, 6, 4)),
]

R = Referral.Status
# (from journey, to, need, back, day, what happened, days until accepted or answered, outcome).
REFERRALS = [
    ("marek", ADVISERS, "Model rules for a builders' co-operative.", 3, 15, R.COMPLETED, 3, Referral.Outcome.HELPED),
    ("grace", ADVISERS, "Membership rules for the pantry society.", 2, 8, R.COMPLETED, 6, Referral.Outcome.HELPED),
    ("maya", ADVISERS, "Choosing a legal form for the bike co-op.", 2, 10, R.IN_PROGRESS, 9, ""),
    ("zara", ADVISERS, "Whether to work as a co-operative with other teachers.", 4, 17, R.DECLINED, 4, "We advise groups forming co-operatives; start-up coaching suits a sole trader better."),
    ("bilal", HUB_C, "Cooking space for the supper club in Hindley.", 5, 10, R.COMPLETED, 2, Referral.Outcome.PARTLY),
    ("imogen", HUB_C, "A workshop space for sanding and painting.", 2, 20, R.IN_PROGRESS, 4, ""),
    ("bronwen", LENDER, "A loan for a second van.", 5, 25, R.COMPLETED, 12, Referral.Outcome.HELPED),
    ("farah", LENDER, "A small loan to fit out a treatment room.", 4, 16, R.COMPLETED, 15, Referral.Outcome.PARTLY),
    ("stefan", LENDER, "Start-up finance for energy surveys.", 8, 20, R.DECLINED, 6, "We lend to ventures that are already trading."),
    ("qasim", HUB_B, "Faith-compliant finance guidance for a shop lease.", 1, 5, R.COMPLETED, 5, Referral.Outcome.NOT_HELPED),
    ("yusuf", HUB_B, "Coaching near home in Bradford.", 3, 14, R.EXPIRED, 0, ""),
    ("imran", HUB_A, "Local contacts for a stall at Wigan's market hall.", 8, 3, R.COMPLETED, 2, Referral.Outcome.HELPED),
    ("agnieszka", HUB_A, "Carry on with the co-operative after moving to Leigh.", 3, 6, R.IN_PROGRESS, 7, ""),
    # The period before
    ("kofi", LENDER, "A loan for the first six bikes.", 15, 8, R.COMPLETED, 10, Referral.Outcome.HELPED),
    ("gethin", HUB_B, "Carry on after moving to Bradford.", 21, 19, R.COMPLETED, 3, Referral.Outcome.HELPED),
]

# Stories of change: (journey, back, title, words, themes, outcomes, consent level, named).
# All but the last are approved for the partner network (or further); the last stays with its
# hub, so the place's figures leave it out.
STORIES = [
    ("grace", 3, "The pantry opened its doors",
     "After a year of planning, the Ince pantry opened in the old scout hut. Members pay a few pounds a week and choose their own food.\n\n“People come for the food and stay for the tea,” Grace said.",
     ("food", "community-spaces"), ("sustainable-businesses", "successful-communities", "pride-in-place"), "network", True),
    ("paula", 3, "Two new bakers on the payroll",
     "Paula's bakery took on two bakers this spring, both from the estate. The cafés' weekly orders now pay their wages.",
     ("food", "skills-and-work"), ("quality-jobs", "sustainable-businesses", "income-retained"), "public", True),
    ("luca", 5, "A kitchen that teaches",
     "Young people who had left school with nothing now run the lunch café two days a week, and three have gone on to jobs in kitchens in the town.",
     ("food", "skills-and-work"), ("life-opportunities", "quality-jobs", "sustainable-businesses"), "network", False),
    ("tia", 6, "The makers' shop in Leigh",
     "Twelve makers share the rent, the shop floor and the till. Each sells more than they did alone, and the money stays in Leigh.",
     ("creative", "retail"), ("sustainable-businesses", "income-retained", "supporting-aspirations"), "network", True),
    ("cerys", 2, "Play in the park, paid for fairly",
     "The outdoor play sessions now pay for themselves, with free places for families on a low income paid for by the others.",
     ("social-care", "community-spaces"), ("sustainable-businesses", "pride-in-place"), "network", False),
    ("rory", 4, "Three hundred things mended",
     "The repair café has mended three hundred toasters, bikes and coats this year. Volunteers teach as they fix, and the council now asks them about its waste plans.",
     ("environmental", "community-spaces"), ("successful-communities", "pride-in-place", "agency-and-voice"), "network", True),
    ("niall", 2, "Hedges and a first invoice",
     "Niall sent his first invoice and was paid the same week.",
     ("skills-and-work",), ("sustainable-businesses",), "organisation", False),
]
# fmt: on
REFERRAL_SERVICES = {
    "qasim": "faith-compliant-finance-guidance",
    "yusuf": "enterprise-coaching-in-your-language",
}

STAGE_REASONS = {
    EXP: "Talking the idea through.",
    PLAN: "Working on a plan.",
    START: "Getting ready to open.",
    TRADE: "First customers paying.",
    GROW: "Taking on more work and people.",
}
COACHING_TOPICS = {
    ENQ: "First conversation: what they have in mind and what help they want.",
    EXP: "Testing the idea: who would buy it, and what it needs.",
    PLAN: "The plan: costs, prices and the first three months.",
    START: "Getting started: registering, insurance and bank account.",
    TRADE: "First months of trading: cash flow and finding more customers.",
    GROW: "Growing: taking people on and finding bigger premises.",
}
MINUTES = [60, 45, 90, 60, 30, 75]
MODES = [Session.Mode.IN_PERSON, Session.Mode.IN_PERSON, Session.Mode.ONLINE, Session.Mode.PHONE]


def _hub_c() -> tuple[Organisation, object]:
    """The second, small Wigan hub and the one person who runs it (who cannot sign in)."""
    hub, _ = Organisation.objects.update_or_create(
        slug=HUB_C,
        defaults={
            "name": "Tinker's Yard Community Hub",
            "kind": Organisation.Kind.HUB,
            "legal_form": Organisation.LegalForm.CLG,
            "description": "A small volunteer-run hub in Hindley with a weekly drop-in for "
            "people thinking of starting something of their own.",
            "website": "https://tinkersyard.demo.test/",
            "email": "hello@tinkersyard.demo.test",
            "phone": "0161 496 0404",
            "is_catalyst_hub": False,
            "is_demo": True,
        },
    )
    hub.places.add(Place.objects.get(slug="wigan"))
    location = Location.objects.filter(organisation=hub, name="Tinker's Yard").first()
    if location is None:
        location = Location(
            organisation=hub,
            name="Tinker's Yard",
            address_1="2 Tinker's Yard",
            city="Wigan",
            postcode=HINDLEY,
            accessibility="Step-free entrance; accessible toilet.",
        )
        location_place_from_postcode(location=location)
        location.save()
    service, _ = Service.objects.update_or_create(
        organisation=hub,
        slug="drop-in-start-up-help",
        defaults={
            "name": "Drop-in start-up help",
            "description": "Come to the Thursday drop-in to talk through an idea, get help "
            "with forms and meet others starting out.",
            "email": hub.email,
            "url": hub.website,
        },
    )
    service.support_types.set(
        TaxonomyTerm.objects.filter(
            taxonomy__slug=SUPPORT_TYPES, code__in=["coaching", "wrap-around-support"]
        )
    )
    service.business_types.set(TaxonomyTerm.objects.filter(taxonomy__slug=BUSINESS_TYPES))
    service.languages.set(Language.objects.filter(code="en"))
    ServiceAtLocation.objects.get_or_create(service=service, location=location)

    worker, created = get_user_model().objects.get_or_create(
        email=HUB_C_WORKER, defaults={"first_name": "Jo", "last_name": "Demo"}
    )
    if created:
        worker.set_unusable_password()
        worker.save()
    Membership.objects.get_or_create(
        user=worker, organisation=hub, defaults={"role": Membership.Role.MANAGER}
    )
    return hub, worker


class _Seeder:
    """Writes the tables above through the services, keeping each journey's lead worker."""

    def __init__(self, users: dict, organisations: dict):
        self.users = users
        self.hub_a = organisations[HUB_A]
        self.hub_b = organisations[HUB_B]
        self.hub_c, self.worker = _hub_c()
        self.orgs = {
            HUB_A: self.hub_a,
            HUB_B: self.hub_b,
            HUB_C: self.hub_c,
            **{o.slug: o for o in Organisation.objects.filter(slug__in=[ADVISERS, LENDER])},
        }
        self.terms = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy__slug=BUSINESS_TYPES)}
        self.coaching = TaxonomyTerm.objects.filter(taxonomy__slug=SUPPORT_TYPES, code="coaching")
        self.journeys: dict[str, Journey] = {}
        self.people = {p.key: p for p in [*PEOPLE, *HUB_B_PEOPLE]}
        self.leads: dict[str, object] = {}
        self.references = 0

    # Whom and where ---------------------------------------------------------------------

    def hub(self, letter: str) -> Organisation:
        return {"a": self.hub_a, "b": self.hub_b, "c": self.hub_c}[letter]

    def lead(self, index: int, person: Person):
        if person.hub == "c":
            return self.worker
        if person.hub == "b":
            return self.users["staff_b"]
        return self.users["staff_a"] if index % 2 == 0 else self.users["manager_a"]

    def postcode(self, index: int, person: Person) -> str:
        if person.postcode == W:
            return WIGAN_POSTCODES[index % len(WIGAN_POSTCODES)]
        return person.postcode

    # Requests -----------------------------------------------------------------------------

    def ask(
        self,
        *,
        name,
        email,
        postcode,
        created,
        kind="person",
        group="",
        idea="",
        btype="",
        stage=EXP,
        barriers=(),
        sensitive=(),
        equality=(),
    ) -> SupportRequest:
        """A request as the public form keeps it (written directly: the form's service would
        make an account for each invented person and email them)."""
        self.references += 1
        info = lookup_postcode(postcode)
        place = Place.objects.filter(gss_code=info.gss_code).first() if info else None
        request = SupportRequest.objects.create(
            reference=f"EP-WIG{self.references:03d}",
            kind=kind,
            name=name,
            group_name=group,
            email=email,
            contact_method=ContactMethod.EMAIL,
            postcode=postcode,
            place=place,
            local_authority_code=info.gss_code if info else "",
            idea=idea or "I would like help to start a small business.",
            business_type=self.terms.get(btype or "not-sure-yet"),
            stage=stage,
            barriers=[b.value for b in barriers],
            sensitive_barriers=[b.value for b in sensitive],
            sensitive_consent_at=created if sensitive else None,
            consented_at=created,
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
        )
        SupportRequest.objects.filter(pk=request.pk).update(created_at=created)
        request.help_wanted.set(self.coaching)
        if equality:
            age, gender, ethnic, disabled = equality
            EqualityMonitoring.objects.create(
                request=request,
                consented_at=created,
                age_band=age,
                gender=gender,
                ethnic_group=ethnic,
                disabled=disabled,
            )
        return request

    def pass_on(self, request, *, to, actor, reason, when) -> None:
        since = timezone.now()
        request_pass(request=request, to_organisation=to, actor=actor, reason=reason, base_url=BASE)
        RequestPass.objects.filter(request=request, passed_at__gte=since).update(passed_at=when)

    def decide(self, request, when) -> None:
        SupportRequest.objects.filter(pk=request.pk).update(decided_at=when)

    # Journeys -----------------------------------------------------------------------------

    def start(self, index: int, person: Person) -> Journey:
        """A journey begun as the person's origin says, dated back to its first day."""
        hub, lead = self.hub(person.hub), self.lead(index, person)
        first_stage, _ = person.stages[0]
        started = _at(person.start)
        since = timezone.now()
        if person.origin == "staff":
            journey = journey_create(
                organisation=hub,
                actor=lead,
                client=ClientDetails(
                    name=person.name,
                    kind="group" if person.group else "person",
                    group_name=person.group,
                    email=person.email,
                    postcode=self.postcode(index, person),
                ),
                venture_name=person.venture,
                venture_description=person.idea,
                business_type=self.terms.get(person.btype),
                stage=first_stage,
                lead_worker=lead,
                started_on=person.start,
            )
        else:
            request = self.ask(
                name=person.name,
                email=person.email,
                postcode=self.postcode(index, person),
                created=started - timedelta(days=3),
                kind="group" if person.group else "person",
                group=person.group,
                idea=person.idea,
                btype=person.btype,
                stage=first_stage,
                barriers=person.barriers,
                sensitive=person.sensitive,
                equality=person.equality,
            )
            if person.origin == "admin":
                self.pass_on(
                    request,
                    to=hub,
                    actor=self.users["admin"],
                    reason="No hub serves their town yet; Northway is the nearest.",
                    when=started - timedelta(days=2),
                )
            elif person.origin == "via-a":
                self.pass_on(
                    request,
                    to=hub,
                    actor=self.users["staff_a"],
                    reason="Tinker's Yard is a short walk from their home.",
                    when=started - timedelta(days=2),
                )
            journey = request_accept(
                request=request, organisation=hub, actor=lead, lead_worker=lead, base_url=BASE
            )
            journey = journey_update(
                journey=journey,
                actor=lead,
                venture_name=person.venture,
                venture_description=person.idea,
                business_type=journey.business_type,
                lead_worker=lead,
            )
            self.decide(request, started)
        Journey.objects.filter(pk=journey.pk).update(started_on=person.start, created_at=started)
        JourneyChange.objects.filter(journey=journey, changed_at__gte=since).update(
            changed_at=started
        )
        self.journeys[person.key] = journey
        self.leads[person.key] = lead
        return journey

    def coach(self, person: Person, stage: str, when: datetime, n: int) -> None:
        journey = self.journeys[person.key]
        session_log(
            organisation=journey.organisation,
            actor=self.leads[person.key],
            kind=Session.Kind.COACHING,
            starts_at=when + timedelta(hours=4),
            duration_minutes=MINUTES[n % len(MINUTES)],
            mode=MODES[n % len(MODES)],
            staff=self.leads[person.key],
            journeys=[journey],
            topics=COACHING_TOPICS[stage],
        )

    def journey(self, index: int, person: Person) -> None:
        """Start it, move it through its stages (with coaching at each) and pause or close it."""
        journey = self.start(index, person)
        lead = self.leads[person.key]
        self.coach(person, person.stages[0][0], _at(person.start), index)
        for step, (stage, back) in enumerate(person.stages[1:], start=1):
            when = _at(_on(back, person.day))
            since = timezone.now()
            journey = journey_move_to_stage(
                journey=journey, stage=stage, actor=lead, reason=STAGE_REASONS[stage]
            )
            JourneyChange.objects.filter(journey=journey, changed_at__gte=since).update(
                changed_at=when
            )
            self.coach(person, stage, when, index + step)
        if person.status:
            status, back, *reason = person.status
            day = _on(back, person.day)
            since = timezone.now()
            journey = journey_set_status(
                journey=journey,
                status=status,
                actor=lead,
                reason="Back in touch when things settle." if status == "paused" else "",
                close_reason=reason[0] if reason else "",
            )
            JourneyChange.objects.filter(journey=journey, changed_at__gte=since).update(
                changed_at=_at(day, 16)
            )
            if status == Journey.Status.CLOSED:
                Journey.objects.filter(pk=journey.pk).update(closed_on=day)
        self.journeys[person.key] = Journey.objects.get(pk=journey.pk)

    def other_requests(self) -> None:
        """Requests that were closed, passed on or are still waiting."""
        closers = [self.users["staff_a"], self.users["manager_a"], self.worker]
        for n, (name, postcode, back, day, outcome, note) in enumerate(OTHER_REQUESTS):
            created = _at(_on(back, day), 9 + n % 8)
            decided = created + timedelta(days=2)
            like = self.people.get(name)  # a duplicate: the same person asking again
            if like is not None:
                postcode = self.postcode(PEOPLE.index(like), like)
            request = self.ask(
                name=like.name if like else name,
                email=like.email if like else name.lower().replace(" ", ".") + "@example.com",
                postcode=WIGAN_POSTCODES[n % len(WIGAN_POSTCODES)] if postcode == W else postcode,
                created=created,
                kind="group" if like and like.group else "person",
                group=like.group if like else "",
                idea=like.idea if like else "",
                btype=like.btype if like else "",
                equality=("25-34", "man", "white", "no") if n % 3 == 0 else (),
            )
            if outcome == "waiting":
                continue
            if outcome == "waiting-c":
                self.pass_on(
                    request, to=self.hub_c, actor=self.users["staff_a"], reason=note, when=decided
                )
            elif outcome == "passed-on":
                self.pass_on(
                    request,
                    to=self.hub_a,
                    actor=self.users["admin"],
                    reason="No hub serves their town yet; Northway is the nearest.",
                    when=created + timedelta(days=1),
                )
                self.pass_on(
                    request, to=self.hub_b, actor=self.users["manager_a"], reason=note, when=decided
                )
            else:
                request_close(
                    request=request,
                    actor=closers[n % len(closers)],
                    reason=CLOSE_REASONS[outcome],
                    note=note,
                )
                self.decide(request, decided)

    # Sessions, milestones, wellbeing ---------------------------------------------------------

    def sessions(self) -> None:
        for n, (hub, kind, back, day, minutes, topics, keys) in enumerate(SESSIONS):
            organisation = self.hub(hub)
            if hub == "c":
                staff = self.worker
            elif len(keys) > 1:
                staff = self.users["manager_a"]
            else:
                staff = self.leads[keys[0]]
            session_log(
                organisation=organisation,
                actor=staff,
                kind=kind,
                starts_at=_at(_on(back, day), 18 if kind == S.PEER_SUPPORT else 10),
                duration_minutes=minutes,
                mode=Session.Mode.ONLINE if n % 5 == 4 else Session.Mode.IN_PERSON,
                staff=staff,
                journeys=[self.journeys[key] for key in keys],
                topics=topics,
            )

    def milestones(self) -> None:
        for n, (key, kind, back, figure) in enumerate(MILESTONES):
            person = self.people[key]
            extra = {}
            if kind == M.REGISTERED:
                extra["legal_form"] = figure
                if figure != L.SOLE_TRADER:
                    extra["registration_number"] = f"DEMO{7100 + n}"
            elif kind == M.JOBS:
                extra["jobs_fte"] = Decimal(figure)
            elif kind == M.VOLUNTEERS:
                extra["volunteers"] = figure
            elif kind == M.FINANCE:
                extra["amount"] = Decimal(figure)
                extra["note"] = FINANCE_NOTES[n % len(FINANCE_NOTES)]
            milestone_record(
                journey=self.journeys[key],
                actor=self.leads[key],
                kind=kind,
                achieved_on=_on(back, min(person.day + 2, 28)),
                **extra,
            )

    def wellbeing(self) -> None:
        names = ("life_satisfaction", "worthwhile", "happiness", "anxiety", "confidence")
        checks = []
        for key, start, follow_up, before, after in WELLBEING:
            checks.append((key, WellbeingCheck.Occasion.START, start, before))
            checks.append((key, WellbeingCheck.Occasion.FOLLOW_UP, follow_up, after))
        for key, occasion, back, scores in [*checks, *EXTRA_CHECKS]:
            wellbeing_record(
                journey=self.journeys[key],
                actor=self.leads[key],
                occasion=occasion,
                taken_on=_on(back, min(self.people[key].day + 1, 28)),
                scores=dict(zip(names, scores, strict=True)),
            )

    # Referrals ---------------------------------------------------------------------------

    def referrals(self) -> list[Referral]:
        made = []
        for key, to, need, back, day, status, days, outcome in REFERRALS:
            receiver = self.orgs.get(to)
            if receiver is None:
                continue
            answerer = self.answerer(receiver)
            sent = _at(_on(back, day))
            referral = referral_send(
                journey=self.journeys[key],
                actor=self.leads[key],
                to_organisation=receiver,
                to_service=receiver.services.filter(slug=REFERRAL_SERVICES.get(key, "")).first(),
                need=need,
                urgency="routine",
                consent_given=True,
                consent_method="in-person",
                consent_scope=["name", "contact", "postcode", "venture", "barriers"],
                base_url=BASE,
            )
            Referral.objects.filter(pk=referral.pk).update(created_at=sent)
            ReferralChange.objects.filter(referral=referral).update(changed_at=sent)
            answered = sent + timedelta(days=days)
            if status == R.DECLINED:
                self.answer(
                    referral, answered, referral_move, actor=answerer, status=status, note=outcome
                )
            elif status in (R.COMPLETED, R.IN_PROGRESS):
                self.accept(referral, answered, answerer)
                self.answer(
                    referral,
                    answered + timedelta(days=1),
                    referral_move,
                    actor=answerer,
                    status=R.IN_PROGRESS,
                )
                if status == R.COMPLETED:
                    self.answer(
                        referral,
                        min(answered + timedelta(days=14), _at(_last_month_end(), 16)),
                        referral_move,
                        actor=answerer,
                        status=status,
                        outcome=outcome,
                        note="All done.",
                    )
            made.append(referral)
        # The one left unanswered expires, as the daily task would have done a month after.
        referrals_remind_and_expire(base_url=BASE)
        for referral in Referral.objects.filter(pk__in=[r.pk for r in made], status=R.EXPIRED):
            ReferralChange.objects.filter(referral=referral, to_status=R.EXPIRED).update(
                changed_at=referral.created_at + timedelta(days=30)
            )
        return made

    def accept(self, referral: Referral, when: datetime, actor) -> None:
        """Accept a referral on a day in the past: the receiver's new journey starts then (one
        the person already had open there keeps its start, and only the line saying so moves)."""
        since = timezone.now()
        referral = referral_accept(referral=referral, actor=actor, base_url=BASE)
        Referral.objects.filter(pk=referral.pk).update(accepted_at=when)
        ReferralChange.objects.filter(referral=referral, changed_at__gte=since).update(
            changed_at=when
        )
        received = referral.receiving_journey
        if received.created_at >= since:
            Journey.objects.filter(pk=received.pk).update(started_on=when.date(), created_at=when)
        JourneyChange.objects.filter(journey=received, changed_at__gte=since).update(
            changed_at=when
        )

    def answerer(self, organisation: Organisation):
        """Who answers for an organisation: its first worker (the demo's partners have none)."""
        if organisation == self.hub_a:
            return self.users["manager_a"]
        if organisation == self.hub_b:
            return self.users["staff_b"]
        if organisation == self.hub_c:
            return self.worker
        return None

    @staticmethod
    def answer(referral: Referral, when: datetime, service, **kwargs) -> None:
        since = timezone.now()
        service(referral=referral, base_url=BASE, **kwargs)
        ReferralChange.objects.filter(referral=referral, changed_at__gte=since).update(
            changed_at=when
        )

    # Stories ---------------------------------------------------------------------------

    def stories(self) -> None:
        """Stories captured by the lead worker and approved by a colleague, as the forms do."""
        elements = {e.slug: e for e in outcome_elements()}
        themes = {t.slug: t for t in Theme.objects.all()}
        for key, back, title, words, theme_slugs, outcome_slugs, level, named in STORIES:
            person, journey, lead = self.people[key], self.journeys[key], self.leads[key]
            captured = _at(_on(back, min(person.day + 3, 28)), 15)
            since = timezone.now()
            story = story_capture(
                actor=lead,
                teller=Story.Teller.STAFF,
                journey=journey,
                details=StoryDetails(
                    title=title,
                    narrative=words,
                    changed_on=captured.date() - timedelta(days=7),
                    themes=[themes[slug] for slug in theme_slugs if slug in themes],
                    elements=[elements[slug] for slug in outcome_slugs if slug in elements],
                ),
                consent=ConsentDetails(
                    level=level,
                    named=named,
                    given_by=person.name,
                    method=Consent.Method.WRITTEN,
                    given_on=captured.date(),
                ),
                submit=True,
            )
            if person.hub == "c":
                colleague = self.worker  # a hub of one: its staff may check their own stories
            elif lead == self.users["staff_a"]:
                colleague = self.users["manager_a"]
            else:
                colleague = self.users["staff_a"]
            story_approve(story=story, actor=colleague)
            Story.objects.filter(pk=story.pk).update(created_at=captured)
            StoryChange.objects.filter(story=story, changed_at__gte=since).update(
                changed_at=captured
            )

    # Tidying up --------------------------------------------------------------------------

    def tidy(self, referrals: list[Referral]) -> None:
        """Close the story prompts the moves raised and mark the referral news read: they are
        long past."""
        for prompt in StoryPrompt.objects.filter(
            journey__in=list(self.journeys.values()), closed_at__isnull=True
        ):
            story_prompt_dismiss(prompt=prompt, actor=None)
        notifications = Notification.objects.filter(referral__in=referrals, read_at__isnull=True)
        for user_id in set(notifications.values_list("user_id", flat=True)):
            user = get_user_model().objects.get(pk=user_id)
            notifications_mark_read(
                user=user, ids=list(notifications.filter(user=user).values_list("pk", flat=True))
            )


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def seed_insights(*, users: dict, organisations: dict) -> None:
    """Two years of Wigan's requests, journeys, sessions, milestones, wellbeing checks,
    stories and referrals, at hub A and a second small Wigan hub, so the place's dashboard
    shows its figures (nothing happens when they are there already)."""
    hub_a = organisations.get(HUB_A)
    if hub_a is None or Client.objects.filter(organisation=hub_a, email=PEOPLE[0].email).exists():
        return
    with transaction.atomic():
        seeder = _Seeder(users, organisations)
        for index, person in enumerate(PEOPLE):
            seeder.journey(index, person)
        for index, person in enumerate(HUB_B_PEOPLE):
            seeder.journey(index, person)
        seeder.other_requests()
        seeder.sessions()
        seeder.milestones()
        seeder.wellbeing()
        seeder.stories()
        seeder.tidy(seeder.referrals())
