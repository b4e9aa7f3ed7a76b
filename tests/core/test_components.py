from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test.html import parse_html
from django.urls import NoReverseMatch, reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _render(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def _trail(*items: str) -> str:
    return (
        '<nav aria-label="Breadcrumb"><ol class="breadcrumb flex-wrap">'
        + "".join(items)
        + "</ol></nav>"
    )


def _crumb(href: str, label: str) -> str:
    return f'<li class="breadcrumb-item"><a href="{href}">{label}</a></li>'


def _current(label: str) -> str:
    return f'<li class="breadcrumb-item active" aria-current="page">{label}</li>'


# Breadcrumbs ------------------------------------------------------------------------------------


def test_it_links_each_pair_and_marks_the_current_page():
    html = _render(
        '{% breadcrumbs "Your work" "workspace:home" "Journeys" journeys_url current="Session" %}',
        journeys_url="/journeys/",
    )
    assert parse_html(html) == parse_html(
        _trail(
            _crumb(reverse("workspace:home"), "Your work"),
            _crumb("/journeys/", "Journeys"),
            _current("Session"),
        )
    )


def test_it_reverses_a_url_name_and_keeps_a_path_a_query_or_an_address_as_given():
    html = _render(
        '{% breadcrumbs "Stories" "stories:list" "Outbox" "?box=outbox" "Path" "/a/b/"'
        ' "Elsewhere" "https://example.org/x" current="Here" %}'
    )
    assert parse_html(html) == parse_html(
        _trail(
            _crumb(reverse("stories:list"), "Stories"),
            _crumb("?box=outbox", "Outbox"),
            _crumb("/a/b/", "Path"),
            _crumb("https://example.org/x", "Elsewhere"),
            _current("Here"),
        )
    )


def test_a_trail_without_a_current_page_ends_with_a_link():
    html = _render(
        '{% breadcrumbs "Your work" "workspace:home" name url %}', name="Hub", url="/o/1/"
    )
    assert parse_html(html) == parse_html(
        _trail(_crumb(reverse("workspace:home"), "Your work"), _crumb("/o/1/", "Hub"))
    )
    assert "aria-current" not in html


def test_an_optional_step_whose_object_is_missing_is_left_out():
    source = (
        '{% breadcrumbs "Journeys" "journeys:list" journey.client.display_name'
        ' journey.get_absolute_url current="Log a session" %}'
    )
    assert parse_html(_render(source, journey=None)) == parse_html(
        _trail(_crumb(reverse("journeys:list"), "Journeys"), _current("Log a session"))
    )


def test_half_a_step_is_a_mistake_it_does_not_hide():
    with pytest.raises(TemplateSyntaxError, match="needs both a label and a link"):
        _render('{% breadcrumbs "Journeys" missing_url current="Here" %}')


def test_a_label_without_a_partner_is_a_mistake():
    with pytest.raises(TemplateSyntaxError, match="label and link pairs"):
        _render('{% breadcrumbs "Your work" "workspace:home" "Journeys" current="Here" %}')


def test_an_unknown_url_name_is_a_mistake():
    with pytest.raises(NoReverseMatch):
        _render('{% breadcrumbs "Nowhere" "journeys:nowhere" current="Here" %}')


def test_it_escapes_labels_links_and_the_current_page():
    html = _render(
        "{% breadcrumbs name url current=here %}",
        name="<b>Tom & Jo</b>",
        url='/x/?a=1&b="2"',
        here="<script>alert(1)</script>",
    )
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;Tom &amp; Jo&lt;/b&gt;" in html
    assert 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_the_component_writes_a_breadcrumb_trail():
    writers = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if 'aria-label="Breadcrumb"' in path.read_text()
    ]
    assert writers == ["components/breadcrumbs.html"]


# Badges -----------------------------------------------------------------------------------------


def test_a_badge_shows_its_text_in_its_tone_and_sits_inline():
    html = _render('{% include "components/badge.html" with tone="warning" text="Overdue" %}')
    assert html == '<span class="badge text-bg-warning">Overdue</span>'


def test_a_light_badge_has_a_border_to_show_on_white():
    html = _render('{% include "components/badge.html" with tone="light" text="only link" %}')
    assert html == '<span class="badge text-bg-light border">only link</span>'


def test_a_badge_can_say_more_to_a_screen_reader():
    html = _render(
        '{% include "components/badge.html" with tone="danger" text="Changed" hidden="since last year" %}'
    )
    assert parse_html(html) == parse_html(
        '<span class="badge text-bg-danger">Changed<span class="visually-hidden"> since last year</span></span>'
    )


def test_a_badge_escapes_its_text():
    html = _render(
        '{% include "components/badge.html" with tone="info" text=name %}', name="<i>A&B</i>"
    )
    assert html == '<span class="badge text-bg-info">&lt;i&gt;A&amp;B&lt;/i&gt;</span>'


def test_only_the_component_writes_a_toned_badge():
    writers = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "allauth" not in path.parts and 'class="badge text-bg-' in path.read_text()
    ]
    assert writers == ["components/badge.html"]


# Error summary ----------------------------------------------------------------------------------


def test_the_error_summary_filter_lists_a_bound_forms_problems_linked_to_its_fields():
    from django import forms

    class Form(forms.Form):
        name = forms.CharField(label="Name")

    html = _render(
        '{% include "components/error_summary.html" with errors=form|error_summary %}',
        form=Form(data={}),
    )
    assert '<a href="#id_name">Name: This field is required.</a>' in html
    assert (
        _render(
            '{% include "components/error_summary.html" with errors=form|error_summary %}',
            form=Form(),
        ).strip()
        == ""
    )
    assert "alert" not in _render(
        '{% include "components/error_summary.html" with errors=missing|error_summary %}'
    )


def test_only_the_component_writes_an_error_summary():
    writers = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if 'id="error-summary-title"' in path.read_text()
    ]
    assert writers == ["components/error_summary.html"]
