"""The parts' URL names follow their packages, while the addresses people see stay as they were."""

import pytest
from django.urls import resolve, reverse

PK = "00000000-0000-4000-8000-000000000000"

ADDRESSES = [
    ("assessments:list", {}, "/work/reflection/", "logicmodel.assessments.views"),
    ("assessments:start", {}, "/work/reflection/start/", "logicmodel.assessments.views"),
    ("assessments:detail", {"pk": PK}, f"/work/reflection/{PK}/", "logicmodel.assessments.views"),
    (
        "assessments:column",
        {"pk": PK, "column_slug": "vision-and-purpose"},
        f"/work/reflection/{PK}/columns/vision-and-purpose/",
        "logicmodel.assessments.views",
    ),
    (
        "assessments:compare",
        {"pk": PK},
        f"/work/reflection/{PK}/compare/",
        "logicmodel.assessments.views",
    ),
    (
        "assessments_public:summary",
        {"pk": PK},
        f"/reflections/{PK}/",
        "logicmodel.assessments.views",
    ),
    ("local_models:index", {}, "/work/local-models/", "logicmodel.local_models.views"),
    (
        "local_models:derive",
        {"place_pk": PK},
        f"/work/local-models/places/{PK}/create/",
        "logicmodel.local_models.views",
    ),
    (
        "local_models:element_edit",
        {"pk": PK, "element_pk": PK},
        f"/work/local-models/{PK}/elements/{PK}/edit/",
        "logicmodel.local_models.views",
    ),
    (
        "logicmodel:compare",
        {"model_slug": "empowering-places-wigan"},
        "/model/empowering-places-wigan/compare/",
        "logicmodel.local_models.views",
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "address", "module"), ADDRESSES)
def test_each_part_keeps_its_address_under_a_name_that_matches_its_package(
    name, kwargs, address, module
):
    assert reverse(name, kwargs=kwargs) == address
    assert resolve(address).func.__module__ == module
