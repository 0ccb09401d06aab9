"""Policy services (issue 20). The models live in submodules by what they hold; every name is
re-exported here."""

from policies.models.questions import AskedQuestion, AskedQuestionQuerySet

__all__ = ["AskedQuestion", "AskedQuestionQuerySet"]
