import pytest
from django.urls import reverse

from tests.access.matrix import LOGIN, ROUTES
from tests.support.cast import PERSONA_KEYS

CASES = [(route, persona) for route in ROUTES for persona in PERSONA_KEYS]


def _url(route, cast, args_fn):
    args = args_fn(cast)
    if isinstance(args, dict):
        return reverse(route.name, kwargs=args)
    return reverse(route.name, args=args)


def _request(client, route, cast, url):
    data = route.data(cast) if route.data else None
    return getattr(client, route.method)(url, data)


def assert_answer(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response.url.startswith("/accounts/login/"), response.url
    else:
        assert response.status_code == expected, (
            response.status_code,
            getattr(response, "url", ""),
        )


@pytest.mark.parametrize(("route", "persona"), CASES, ids=[f"{r.id}-{p}" for r, p in CASES])
def test_it_answers_each_persona_as_written(route, persona, cast, client_for):
    url = _url(route, cast, route.args)
    response = _request(client_for(persona), route, cast, url)
    assert_answer(response, route.expect[persona])


OBJECT_ROUTES = [r for r in ROUTES if r.missing_args]


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[r.id for r in OBJECT_ROUTES])
def test_it_answers_outsiders_exactly_as_for_a_missing_object(route, cast, client_for):
    outsiders = [p for p, answer in route.expect.items() if answer == 404]
    assert outsiders, "an object route must have at least one outsider"
    for persona in outsiders:
        real = _request(client_for(persona), route, cast, _url(route, cast, route.args))
        missing = _request(client_for(persona), route, cast, _url(route, cast, route.missing_args))
        assert real.status_code == missing.status_code == 404
        assert [t.name for t in real.templates][:1] == [t.name for t in missing.templates][:1]
    # Anonymous visitors are sent to sign in whether or not the object exists.
    anonymous = client_for("anonymous")
    assert_answer(_request(anonymous, route, cast, _url(route, cast, route.missing_args)), LOGIN)
