"""The rule reference page (``docs/rules.md``), generated from the rule modules' docstrings.

One source of truth: the docstring a rule module carries is what ``co-lint rule ID``
prints, what SARIF ``rules[]`` carries and what this page shows. ``tests/test_docs.py``
fails when the committed page and the rules drift apart; regenerate it with
``co-lint rules --markdown > docs/rules.md``.
"""

from __future__ import annotations

from co_lint.rule import RuleDef

_FAMILIES = {
    "CO0": "Input",
    "CO1": "Schema",
    "CO2": "Capture rules",
    "CO3": "Across configurations",
    "CO4": "Lifecycle",
    "CO5": "Memory, intelligence, placeholders",
    "CO6": "Security",
    "CO7": "Change-aware (--base)",
}


def anchor(definition: RuleDef) -> str:
    """The heading anchor GitHub derives for a rule's section (used by SARIF ``helpUri``)."""
    return f"{definition.id.lower()}-{definition.rule.name}"


def render_markdown(rules: list[RuleDef]) -> str:
    lines = [
        "# co-lint rules",
        "",
        "Generated from the rule modules by `co-lint rules --markdown`; do not edit by hand.",
        "",
        "| id | name | level | summary |",
        "|---|---|---|---|",
    ]
    for d in rules:
        lines.append(f"| [{d.id}](#{anchor(d)}) | {d.rule.name} | {d.rule.level} | {d.rule.summary} |")
    family = None
    for d in rules:
        if _FAMILIES.get(d.id[:3]) != family:
            family = _FAMILIES.get(d.id[:3])
            lines += ["", f"## {family or 'Other'}"]
        body = d.explanation.split("\n", 1)[1].strip() if "\n" in d.explanation else ""
        body = body.replace("\n## ", "\n#### ")
        if body.startswith("## "):
            body = "#### " + body[3:]
        lines += ["", f"### {d.id} {d.rule.name}", "", f"**{d.rule.level}** — {d.rule.summary}", "", body]
    return "\n".join(lines).rstrip() + "\n"
