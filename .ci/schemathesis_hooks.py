"""Schemathesis hooks for .ci/run's API fuzzing (SCHEMATHESIS_HOOKS=.ci/schemathesis_hooks.py).

A cursor is base64 of ``o=<offset>&r=<reverse>&p=<position>``: text generated from the schema
(a plain string) almost never decodes, so on its own the fuzzer only tries the "not base64"
case. Here half the cursors are built from the inside: offsets and directions that are numbers
or not, positions that are dates, times, huge or negative integers, arbitrary text, NUL
characters, "None". The API must answer them with a 4xx, never a 500.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import schemathesis
from hypothesis import strategies as st

_numbers = st.integers(min_value=-(2**70), max_value=2**70).map(str)
_positions = st.one_of(
    st.dates().map(str),
    st.datetimes().map(str),
    _numbers,
    st.text(max_size=24),
    st.sampled_from(["None", "\x00", "2026-02-30", "9999-99-99", "1e309", "-0", ""]),
)
_tokens = st.fixed_dictionaries(
    {},
    optional={
        "o": st.one_of(_numbers, st.text(max_size=6)),
        "r": st.one_of(st.sampled_from(["0", "1"]), st.text(max_size=3)),
        "p": _positions,
    },
)
_crafted = _tokens.map(lambda tokens: base64.b64encode(urlencode(tokens).encode()).decode())
_cursors = st.one_of(_crafted, st.text(max_size=32))


@schemathesis.hook
def flatmap_query(context: Any, query: dict[str, Any] | None) -> st.SearchStrategy:
    operation = context.operation
    if operation is None or "cursor" not in operation.query:
        return st.just(query)
    base = dict(query or {})
    return st.one_of(st.just(base), _cursors.map(lambda cursor: {**base, "cursor": cursor}))
