"""One finding per real problem: rules.md §1 as one table the engine applies.

When several rules report the same value (the same file, document and JSON Pointer), only
the most specific one is kept. Rules do not know about each other; this table does.
"""

from __future__ import annotations

from co_lint.types import Finding

#: loser → the rules that win over it at the same node.
_CONTENT_WINNERS = frozenset({"CO505"})
WINS_OVER: dict[str, frozenset[str]] = {
    "CO202": frozenset({"CO203", "CO207", "CO209"}) | _CONTENT_WINNERS,
    "CO205": frozenset({"CO203", "CO207"}) | _CONTENT_WINNERS,
    "CO211": frozenset({"CO207"}) | _CONTENT_WINNERS,
    "CO203": _CONTENT_WINNERS,
    "CO204": _CONTENT_WINNERS,
    "CO207": _CONTENT_WINNERS,
    "CO104": _CONTENT_WINNERS,
    "CO105": _CONTENT_WINNERS,
    "CO106": _CONTENT_WINNERS,
    "CO506": frozenset({"CO102", "CO103", "CO106"}) | _CONTENT_WINNERS,
    "CO602": frozenset({"CO105"}) | _CONTENT_WINNERS,
    "CO603": frozenset({"CO105"}),
    "CO604": frozenset({"CO105"}) | _CONTENT_WINNERS,
}


def apply_precedence(findings: list[Finding]) -> list[Finding]:
    """Drop every finding that a more specific rule reported at the same node."""
    at_node: dict[tuple, set[str]] = {}
    for finding in findings:
        at_node.setdefault((finding.path, finding.document, finding.pointer), set()).add(finding.rule_id)
    kept = []
    for finding in findings:
        winners = WINS_OVER.get(finding.rule_id)
        if winners and winners & at_node[(finding.path, finding.document, finding.pointer)]:
            continue
        kept.append(finding)
    return kept
