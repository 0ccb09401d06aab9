"""One transition engine: every move of a publishable item and of an information request is
one row of a table that names its service, its back-office form and its staff API payload.
The admin and the API read the rows; these tests check the rows fit their services."""

from __future__ import annotations

import inspect
import typing

import pytest

from publishing import workflow
from requests_app import handling

MACHINES = {"publishing": workflow.TRANSITIONS, "requests": handling.TRANSITIONS}
MOVES = [(machine, name) for machine, table in MACHINES.items() for name in table]


def _typed_keywords(service) -> set[str] | None:
    """The keys of the TypedDict of ``**values: Unpack[TypedDict]`` (PEP 692), or None."""
    hints = typing.get_type_hints(service, include_extras=True)
    for parameter in inspect.signature(service).parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            hint = hints.get(parameter.name)
            if typing.get_origin(hint) is typing.Unpack:
                (typed,) = typing.get_args(hint)
                return set(typed.__required_keys__ | typed.__optional_keys__)
    return None


def parameters(service) -> set[str]:
    """The keyword arguments ``service`` takes, those declared by a TypedDict included."""
    named = {
        name
        for name, parameter in inspect.signature(service).parameters.items()
        if parameter.kind is not inspect.Parameter.VAR_KEYWORD
    }
    typed = _typed_keywords(service)
    if typed is not None:
        return named | typed
    return set(inspect.signature(service).parameters)


def takes_any_keyword(service) -> bool:
    """``**kwargs`` without a TypedDict saying which."""
    return _typed_keywords(service) is None and any(
        p.kind is inspect.Parameter.VAR_KEYWORD
        for p in inspect.signature(service).parameters.values()
    )


@pytest.mark.parametrize(("machine", "name"), MOVES)
def test_every_move_names_a_service_taking_the_record_and_the_user(machine, name):
    table = MACHINES[machine]
    accepted = parameters(table[name].perform)
    assert {table.record, "user"} <= accepted, (name, accepted)


@pytest.mark.parametrize(("machine", "name"), MOVES)
def test_a_moves_form_collects_only_arguments_its_service_takes(machine, name):
    move = MACHINES[machine][name]
    if move.form_class is None:
        return
    service = parameters(move.perform)
    fields = set(move.form_class.base_fields)
    if "options" in service or takes_any_keyword(move.perform):
        return
    assert fields <= service, (name, fields - service)


@pytest.mark.parametrize("name", list(handling.TRANSITIONS))
def test_a_request_moves_api_payload_fits_its_service(name):
    move = handling.TRANSITIONS[name]
    if move.payload_class is None:
        return
    fields = set(move.payload_class().fields)
    assert fields <= parameters(move.perform), (name, fields - parameters(move.perform))


def test_the_staff_api_offers_every_move_a_person_performs():
    from requests_app.staff_api import API_ACTIONS

    assert set(API_ACTIONS) == set(handling.TRANSITIONS)
