"""Property-based robustness: no input makes co-lint raise, SARIF stays valid, spans stay inside the file.

CI runs a few hundred examples per property. A long campaign:

    CO_LINT_PROPERTY_EXAMPLES=100000 .venv/bin/python -m pytest -q tests/test_properties.py -p no:cacheprovider
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from co_lint.engine import Engine
from co_lint.loader import load_file
from co_lint.registry import builtin_rules
from co_lint.reporters import render
from conftest import REPO, SHARED

EXAMPLES = int(os.environ.get("CO_LINT_PROPERTY_EXAMPLES", "150"))
RULES = builtin_rules()
ENGINE = Engine(RULES)
_SARIF_SCHEMA = json.loads((SHARED / "reference" / "sarif-schema-2.1.0.json").read_text())
#: Results only: the rules array is the same in every run (tests/test_cli.py validates whole files).
RESULT = jsonschema.Draft7Validator({"$ref": "#/definitions/result", "definitions": _SARIF_SCHEMA["definitions"]})
SEEDS = [
    p.read_bytes().decode("utf-8", "replace")
    for p in sorted((REPO / "examples").rglob("*"))
    if p.suffix in (".yaml", ".json")
]
SEEDS += [
    p.read_bytes().decode("utf-8", "replace")
    for p in sorted((SHARED / "conformance" / "cases").glob("*/project/*.yaml"))
][:40]
PROFILE = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["*", "+12065550134", "whatsapp:+1206555", "${X}", "<your id>", "AC" + "a" * 32, "http://x", "~"]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)


def lint_text(tmp_path: Path, name: str, text: str | bytes):
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    source = load_file(tmp_path / name, name, data)  # in memory: the file need not exist
    findings = ENGINE.run([source])
    return source, findings


def check_invariants(source, findings, tmp_path: Path) -> None:
    lines = re.split("\r\n|\r|\n", source.text or "")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    for finding in findings:
        span = finding.span
        assert 1 <= span.start_line <= max(len(lines), 1), finding
        assert span.start_col >= 1 and span.end_line >= span.start_line, finding
        if source.text is not None and span.start_line <= len(lines):
            assert span.start_col <= len(lines[span.start_line - 1]) + 1, finding
    sarif = json.loads(render("sarif", findings, rules=RULES, cwd=tmp_path))
    for result in sarif["runs"][0]["results"]:
        errors = list(RESULT.iter_errors(result))
        assert errors == [], errors[0].message
    render("text", findings, files=1)
    render("github", findings)
    json.loads(render("json", findings))


@PROFILE
@given(document=DOCUMENTS, as_json=st.booleans())
def test_random_documents_never_raise(document, as_json):
    tmp_path = REPO
    if as_json:
        text, name = json.dumps(document, allow_nan=True), "c.json"
    else:
        text, name = yaml.safe_dump(document, allow_unicode=True), "c.yaml"
    source, findings = lint_text(tmp_path, name, text)
    check_invariants(source, findings, tmp_path)


MUTATIONS = ("delete", "duplicate", "insert", "swap", "truncate", "byte")


@PROFILE
@given(
    seed=st.sampled_from(SEEDS),
    steps=st.lists(st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10**6)), min_size=1, max_size=4),
)
def test_mutated_configurations_never_raise(seed, steps):
    tmp_path = REPO
    data = bytearray(seed.encode("utf-8"))
    for action, number in steps:
        if not data:
            break
        at = number % len(data)
        if action == "delete":
            del data[at : at + 1 + number % 7]
        elif action == "duplicate":
            data[at:at] = data[at : at + 1 + number % 40]
        elif action == "insert":
            data[at:at] = random.Random(number).choice(
                [b": ", b"- ", b"\n", b"  ", b"*", b"&a ", b"*a", b"!!", b"{", b"]", b'"', b"\t", b"#"]
            )
        elif action == "swap":
            other = (number // 7) % len(data)
            data[at], data[other] = data[other], data[at]
        elif action == "truncate":
            del data[at:]
        else:
            data[at] = number % 256
    name = "c.json" if seed.lstrip().startswith("{") else "c.yaml"
    source, findings = lint_text(tmp_path, name, bytes(data))
    check_invariants(source, findings, tmp_path)
