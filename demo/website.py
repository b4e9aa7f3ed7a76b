"""The demo website: its standard pages, navigation, footer and contact details."""

PRIVACY_NOTICE = [
    (
        "paragraph",
        "<p>This notice explains what we keep about you, why, who can see it and what you can ask us to do with it. It applies to everyone who uses this site.</p>",
    ),
    ("heading", "What we keep"),
    (
        "paragraph",
        "<ul><li>Your name, email address and the ways you would like to be contacted.</li><li>What you tell us about your idea or business and the help you want.</li><li>Notes of the support you receive: sessions, actions you agree, and milestones such as your first sale.</li><li>Only if you choose to tell us, and with your explicit consent: barriers you face, some of which may reveal your health, a disability or your religion. Only the staff working with you can see these.</li><li>Only if you agree separately: equality monitoring answers, which are reported only as totals large enough that nobody can be picked out.</li></ul>",
    ),
    ("heading", "Who can see it"),
    (
        "paragraph",
        "<p>Staff at the hub that supports you can see your record. Your request for support may be passed between partner hubs, so that the hub best placed to help can pick it up; we record each time this happens. We share your details with another organisation only when you agree, and only as much as you agree to. Commissioners and funders see totals, never your personal details.</p>",
    ),
    ("heading", "Your rights"),
    (
        "paragraph",
        "<p>You can ask to see everything we hold about you, to correct it, or to have it deleted. You can withdraw any consent at any time from your account, and it stops future use at once. You can complain to the Information Commissioner's Office if you are unhappy with how we use your information.</p>",
    ),
    ("heading", "How long we keep it"),
    (
        "paragraph",
        "<p>We keep your record while you are being supported and for up to three years afterwards, so that we can show funders what difference support makes. After that it is deleted or made anonymous.</p>",
    ),
]

ACCESSIBILITY_STATEMENT = [
    (
        "paragraph",
        "<p>We want everyone to be able to use this site. It is designed to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.</p>",
    ),
    ("heading", "What you can do"),
    (
        "paragraph",
        "<ul><li>Zoom in up to 400% without the text spilling off the screen.</li><li>Use the whole site with a keyboard, starting with a link that skips to the main content.</li><li>Use it with a screen reader and with speech recognition software.</li><li>Fill in every form without JavaScript.</li></ul>",
    ),
    ("heading", "How we test it"),
    (
        "paragraph",
        "<p>Every page is checked automatically with the axe accessibility engine each time the site's code changes, on phone-sized and desktop-sized screens.</p>",
    ),
    ("heading", "Tell us about a problem"),
    (
        "paragraph",
        "<p>If you find something hard to use, please tell us using the contact details at the bottom of every page. We aim to reply within five working days.</p>",
    ),
]

ABOUT_PAGE = [
    (
        "paragraph",
        "<p>This platform supports place-based business support: community hubs helping local people start and grow co-operatives, community businesses, social enterprises and small local firms, working together and with the commissioners who fund them.</p>",
    ),
    (
        "paragraph",
        "<p>It is built on the Empowering Places model of social purpose business support, developed by Co-operatives UK with the Centre for Local Economic Strategies and the New Economics Foundation, funded by Power to Change, with catalyst hubs in Wigan, Bradford, Leicester, Plymouth, Grimsby and Hartlepool.</p>",
    ),
    (
        "paragraph",
        "<p><strong>This is a demonstration site.</strong> The organisations, people and stories on it are invented.</p>",
    ),
]


def _stream(blocks):
    return [{"type": kind, "value": value} for kind, value in blocks]


def seed_website():
    """The demo's standard pages, navigation, footer and contact details (idempotent)."""
    from wagtail.models import Site

    from website.models import FooterLink, HomePage, NavigationLink, SiteSettings, StandardPage

    home = HomePage.objects.get()
    pages = {}
    # Pages that already exist are left alone: an editor may have changed them.
    for slug, title, intro, body in [
        (
            "about",
            "About this platform",
            "Who it is for and where the model comes from.",
            ABOUT_PAGE,
        ),
        (
            "privacy",
            "Privacy notice",
            "What we keep about you, who sees it, and your rights.",
            PRIVACY_NOTICE,
        ),
        (
            "accessibility",
            "Accessibility statement",
            "How accessible this site is and how to tell us about problems.",
            ACCESSIBILITY_STATEMENT,
        ),
    ]:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = StandardPage(title=title, slug=slug, introduction=intro, body=_stream(body))
            home.add_child(instance=page)
            page.save_revision().publish()
        pages[slug] = page

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.contact_email:
        site_settings.site_name = "Empowering Places"
        site_settings.tagline = "Place-based business support"
        site_settings.contact_email = "hello@empowering-places.demo.test"
        site_settings.contact_phone = "01632 960000"
        site_settings.privacy_page = pages["privacy"]
        site_settings.accessibility_page = pages["accessibility"]
        site_settings.footer_text = (
            "<p>A demonstration site: every organisation and person on it is invented.</p>"
        )
        site_settings.save()
    if not NavigationLink.objects.filter(settings=site_settings).exists():
        for order, (label, page, url) in enumerate(
            [
                ("Home", home, ""),
                ("The model", None, "/model/"),
                ("Directory", None, "/directory/"),
                ("Ask for support", None, "/ask-for-support/"),
                ("About", pages["about"], ""),
            ]
        ):
            NavigationLink.objects.create(
                settings=site_settings, sort_order=order, label=label, link_page=page, link_url=url
            )
    if not FooterLink.objects.filter(settings=site_settings).exists():
        for order, (label, page) in enumerate(
            [
                ("Privacy notice", pages["privacy"]),
                ("Accessibility statement", pages["accessibility"]),
            ]
        ):
            FooterLink.objects.create(
                settings=site_settings, sort_order=order, label=label, link_page=page
            )
    return pages
