"""``--statistics``: how many findings each rule has, like ``ruff check --statistics``.

One line a rule, most frequent first: the count, the id, ``[*]`` when some of its findings
have a safe fix (``[ ]`` when none do; the column is left out when no rule has a fix), and
the rule's name. With ``--format json``, a list of ``{"code", "name", "count", "fixable",
"fixable_count"}``.
"""

from __future__ import annotations

import json
from collections import Counter

from co_lint.rule import RuleDef
from co_lint.types import Finding


def render_statistics(findings: list[Finding], rules: list[RuleDef], *, as_json: bool = False) -> str:
    names = {d.id: d.rule.name for d in rules}
    counts = Counter(f.rule_id for f in findings)
    fixable = Counter(f.rule_id for f in findings if f.fix is not None)
    order = sorted(counts, key=lambda rule_id: (-counts[rule_id], rule_id))
    if as_json:
        rows = [
            {
                "code": rule_id,
                "name": names.get(rule_id, ""),
                "count": counts[rule_id],
                "fixable": fixable[rule_id] > 0,
                "fixable_count": fixable[rule_id],
            }
            for rule_id in order
        ]
        return json.dumps(rows, indent=2) + "\n"
    if not order:
        return ""
    count_width = max(len(str(n)) for n in counts.values())
    id_width = max(len(rule_id) for rule_id in order)
    any_fixable = bool(fixable)
    lines = []
    for rule_id in order:
        marker = ("[*] " if fixable[rule_id] else "[ ] ") if any_fixable else ""
        lines.append(f"{counts[rule_id]:>{count_width}}\t{rule_id:<{id_width}}\t{marker}{names.get(rule_id, '')}")
    return "\n".join(lines) + "\n"
