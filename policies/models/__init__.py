"""The policies app's models: policy items and their conditions (``items``), e-mail
subscriptions and their digests (``subscriptions``), the questions asked of the policy
assistant (``questions``)."""

from policies.models.items import (
    VOCABULARY_TYPES,
    Audience,
    Condition,
    CriterionType,
    CriterionValue,
    Delivery,
    PolicyItem,
    PolicyItemEvent,
    PolicyItemQuerySet,
    validate_http_url,
)
from policies.models.questions import AskedQuestion, AskedQuestionQuerySet
from policies.models.subscriptions import (
    DigestSent,
    Subscription,
    SubscriptionKind,
    SubscriptionQuerySet,
)

__all__ = [
    "VOCABULARY_TYPES",
    "AskedQuestion",
    "AskedQuestionQuerySet",
    "Audience",
    "Condition",
    "CriterionType",
    "CriterionValue",
    "Delivery",
    "DigestSent",
    "PolicyItem",
    "PolicyItemEvent",
    "PolicyItemQuerySet",
    "Subscription",
    "SubscriptionKind",
    "SubscriptionQuerySet",
    "validate_http_url",
]
