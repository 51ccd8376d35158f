"""docs/rules.md is generated from the rule modules and must not drift; every rule is documented ruff-style."""

from __future__ import annotations

import pytest

from co_lint.docs import render_markdown
from co_lint.registry import builtin_rules
from conftest import REPO

RULES = builtin_rules()


def test_docs_page_is_in_sync():
    committed = (REPO / "docs" / "rules.md").read_text()
    assert committed == render_markdown(RULES), "regenerate: co-lint rules --markdown > docs/rules.md"


@pytest.mark.parametrize("definition", RULES, ids=[d.id for d in RULES])
def test_rule_is_documented(definition):
    text = definition.explanation
    for section in ("## What it does", "## Why is this bad?", "## Example", "## References"):
        assert section in text, f"{definition.id} lacks {section!r}"
    assert definition.rule.level in ("error", "warning", "note")
    assert definition.rule.summary and not definition.rule.summary.endswith(" ")


def test_rule_ids_and_names_are_the_catalogue():
    """The fixed ids and names of rules.md (docs, suppressions and alerts depend on them)."""
    expected = {
        "CO001": "parse-error",
        "CO002": "duplicate-key",
        "CO003": "yaml-coerced-value",
        "CO004": "unsupported-yaml",
        "CO005": "encoding",
        "CO008": "unused-suppression",
        "CO009": "rule-crashed",
        "CO101": "unknown-property",
        "CO102": "missing-property",
        "CO103": "wrong-type",
        "CO104": "invalid-value",
        "CO105": "invalid-format",
        "CO106": "out-of-range",
        "CO107": "read-only-property",
        "CO201": "capture-not-bidirectional",
        "CO202": "address-not-e164",
        "CO203": "voice-calltype-missing",
        "CO204": "invalid-calltype",
        "CO205": "calltype-address-mismatch",
        "CO206": "wildcard-both-sides",
        "CO207": "partial-wildcard",
        "CO208": "duplicate-capture-rule",
        "CO209": "channel-address-prefix",
        "CO210": "too-many-capture-rules",
        "CO211": "impossible-phone-number",
        "CO212": "calltype-on-non-voice",
        "CO301": "overlapping-capture-rules",
        "CO302": "duplicate-bridge-service",
        "CO303": "duplicate-display-name",
        "CO304": "duplicate-configuration-id",
        "CO401": "voice-status-timeouts",
        "CO402": "timeout-order",
        "CO403": "no-close-timeout",
        "CO501": "intelligence-ids-missing",
        "CO502": "duplicate-list-item",
        "CO503": "memory-extraction-without-store",
        "CO504": "profile-grouping-without-store",
        "CO505": "placeholder-value",
        "CO506": "invalid-resource-id",
        "CO507": "template-value",
        "CO601": "credential-in-config",
        "CO602": "insecure-callback-url",
        "CO603": "callback-url-credentials",
        "CO604": "callback-private-host",
        "CO701": "field-removed",
        "CO702": "channel-removed",
        "CO703": "capture-rule-removed",
        "CO704": "grouping-type-changed",
        "CO705": "memory-store-changed",
        "CO706": "configuration-deleted",
        # Issue 13: live account checks.
        "CO801": "live-drift",
        "CO802": "live-memory-store",
        "CO803": "live-intelligence-configuration",
        "CO804": "live-unmanaged",
        "CO805": "live-address-not-owned",
    }
    assert {d.id: d.rule.name for d in RULES} == expected
    levels = {d.id: d.rule.level for d in RULES}
    assert levels["CO107"] == levels["CO403"] == levels["CO507"] == levels["CO008"] == "note"
    assert [levels[f"CO70{n}"] for n in range(1, 7)] == ["warning", "warning", "note", "error", "warning", "note"]
    assert [levels[f"CO80{n}"] for n in range(1, 6)] == ["warning", "error", "error", "note", "warning"]
    assert {
        levels[i]
        for i in (
            "CO208",
            "CO209",
            "CO210",
            "CO211",
            "CO212",
            "CO303",
            "CO401",
            "CO402",
            "CO501",
            "CO502",
            "CO604",
            "CO205",
        )
    } == {"warning"}
