"""SARIF 2.1.0 for GitHub code scanning: one run, every enabled rule, stable fingerprints.

URIs are relative to the repository root (the nearest directory holding ``.git``, else the
working directory) with ``uriBaseId: %SRCROOT%``, so they do not depend on where co-lint
was started. ``partialFingerprints["co-lint/v1"]`` hashes the rule, the file, the JSON
Pointer of the offending node and its value — never the line — so moving lines does not
close and reopen alerts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from co_lint import __version__
from co_lint.docs import anchor
from co_lint.rule import RuleDef
from co_lint.types import Finding

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/co-lint/co-lint"
DOCS_URI = INFORMATION_URI + "/blob/main/docs/rules.md"
_PRECISION = "high"
_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}


def repository_root(cwd: Path) -> Path:
    for directory in (cwd, *cwd.parents):
        if (directory / ".git").exists():
            return directory
    return cwd


def relative_uri(path: str, cwd: Path, root: Path) -> str:
    absolute = (cwd / path).resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return absolute.as_uri()


def fingerprint(finding: Finding, uri: str) -> str:
    material = "\0".join((finding.rule_id, uri, str(finding.document), finding.pointer, finding.fingerprint_value))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def rule_descriptor(definition: RuleDef) -> dict:
    rule = definition.rule
    properties: dict[str, Any] = {
        "tags": list(rule.tags) or [rule.id[:3].lower()],
        "precision": _PRECISION,
        "problem.severity": _SEVERITY[rule.level],
    }
    if rule.security_severity is not None:
        properties["security-severity"] = rule.security_severity
        if "security" not in properties["tags"]:
            properties["tags"].append("security")
    first_paragraph = definition.explanation.split("\n\n")[0] if definition.explanation else rule.summary
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _plain(first_paragraph)},
        "help": {"text": _plain(definition.explanation), "markdown": definition.explanation},
        "helpUri": f"{DOCS_URI}#{anchor(definition)}",
        "defaultConfiguration": {"level": rule.level},
        "properties": properties,
    }


def _plain(markdown: str) -> str:
    return "\n".join(line.lstrip("#").strip() if line.startswith("#") else line for line in markdown.splitlines())


def _region(span) -> dict:
    return {
        "startLine": span.start_line,
        "startColumn": span.start_col,
        "endLine": span.end_line,
        "endColumn": max(span.end_col, 1),
    }


def render(
    findings: list[Finding],
    *,
    rules: list[RuleDef],
    cwd: Path,
    errors: list[str] = (),
    exit_code: int = 0,
    **_: Any,
) -> str:
    root = repository_root(cwd)
    known = {d.id for d in rules}
    descriptors = [rule_descriptor(d) for d in rules]
    extra = sorted({f.rule_id for f in findings} - known)
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for rule_id in extra:  # engine findings of a rule not in the list (never expected)
        index[rule_id] = len(descriptors)
        descriptors.append({"id": rule_id, "shortDescription": {"text": rule_id}})
    results = []
    for f in findings:
        uri = relative_uri(f.path, cwd, root)
        message = f.message
        result: dict[str, Any] = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": f.level,
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": _region(f.span),
                    }
                }
            ],
            "partialFingerprints": {"co-lint/v1": fingerprint(f, uri)},
        }
        if f.related:
            links = ", ".join(f"[{r.path}:{r.span.start_line}]({n})" for n, r in enumerate(f.related, 1))
            result["message"]["text"] = f"{message} (see {links})"
            result["relatedLocations"] = [
                {
                    "id": n,
                    "message": {"text": r.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": relative_uri(r.path, cwd, root), "uriBaseId": "%SRCROOT%"},
                        "region": _region(r.span),
                    },
                }
                for n, r in enumerate(f.related, 1)
            ]
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": exit_code != 2, "exitCode": exit_code}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": message}} for message in errors
        ]
    sarif = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "co-lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
                "invocations": [invocation],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
