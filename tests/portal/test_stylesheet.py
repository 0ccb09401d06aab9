"""The site's stylesheet is well formed: a rule left open in a merge (``.decision-timeline
.step-facts dd {`` without its ``}``) swallowed every rule after it, and the 财政预决算 tags,
the table checklist and the 五公开 links lost their styles without a word."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


def test_every_rule_is_closed():
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"a '}}' without its '{{' on line {number}"
    assert depth == 0, "a rule is left open"
