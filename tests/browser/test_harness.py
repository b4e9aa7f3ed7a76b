"""The harness itself: axe really reports violations, and the browser cannot leave the live server."""

import pytest
from playwright.sync_api import Error

from tests.browser.conftest import WCAG_TAGS, assert_no_axe_violations, axe_results, axe_violations

pytestmark = pytest.mark.browser


def test_the_axe_check_fails_on_a_real_violation(page):
    page.goto("/")
    assert axe_violations(page) == []
    # A text box with no label breaks WCAG 2.0 A (1.3.1, 4.1.2).
    page.evaluate(
        """() => {
            const input = document.createElement("input");
            input.type = "text";
            input.id = "unlabelled";
            document.querySelector("main").append(input);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    assert "- label (critical): Form elements must have labels" in str(failure.value)
    assert "at #unlabelled" in str(failure.value)


def test_the_axe_check_runs_only_the_wcag_a_and_aa_rules(page):
    page.goto("/")
    results = axe_results(page)
    rules_run = {
        rule["id"]
        for outcome in ("violations", "passes", "incomplete", "inapplicable")
        for rule in results[outcome]
    }
    assert {"color-contrast", "label", "target-size", "html-has-lang"} <= rules_run
    # Best-practice rules, which are not WCAG success criteria, are left out.
    assert not rules_run & {"region", "landmark-one-main", "heading-order"}
    assert results["toolOptions"]["runOnly"]["values"] == WCAG_TAGS


def test_the_browser_cannot_reach_beyond_the_live_server(page, context):
    with pytest.raises(Error, match="ERR_PROXY_CONNECTION_FAILED"):
        page.goto("http://example.com/")
    assert context.problems.items == [
        "request outside the live server blocked: http://example.com/"
    ]
    context.problems.items.clear()


def test_a_content_security_policy_refusal_fails_the_test(page, context):
    page.goto("/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineScriptRan = true";
                document.body.append(script);
            }"""
        )
    assert page.evaluate("window.inlineScriptRan") is None
    assert len(context.problems.items) == 1
    assert context.problems.items[0].startswith("console error: ")
    assert "Content Security Policy" in context.problems.items[0]
    context.problems.items.clear()
