"""Checks of identity numbers (domain-spec section 4): kept in ``portal.identity``, where every
app that records people or organisations (requests, enforcement decisions) finds them."""

from portal.identity import (
    credit_code_problem,
    normalize_credit_code,
    normalize_resident_id,
    resident_id_problem,
)

__all__ = [
    "credit_code_problem",
    "normalize_credit_code",
    "normalize_resident_id",
    "resident_id_problem",
]
