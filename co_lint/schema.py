"""Schema findings (CO1xx, and CO003) from ``schemas/configuration.schema.json``.

The schema file is the single source of truth and stays standard JSON Schema 2020-12
(``check-jsonschema`` and editors can use it). co-lint interprets the keywords it uses
itself, instead of running ``jsonschema``, for three reasons, each measured or required:

* messages and locations: every keyword maps to one rule id (like cfn-lint's keyword →
  rule table) and an error is reported once, at the node (no ``oneOf`` cascades);
* precedence: CO003 (a YAML-coerced scalar) replaces CO103 and the scalar's source text
  is what later rules see; template values skip pattern, format and length checks;
* speed: importing ``jsonschema`` costs ~100 ms on every pre-commit run and validating
  ~1 ms per file; this walk costs a few microseconds a node.

``tests/test_schema.py`` checks that it agrees with ``jsonschema`` on validity.
"""

from __future__ import annotations

import json
import re
from typing import Any

from co_lint.loader import Document, escape_pointer_token
from co_lint.suggest import did_you_mean
from co_lint.vocabulary import has_template

_TYPE_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
}


def _matches_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return True


def describe(value: Any) -> str:
    if value is None:
        return "empty"
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


def readable_path(pointer: str) -> str:
    """``/channelSettings/SMS/captureRules/0/to`` → ``channelSettings.SMS.captureRules[0].to``."""
    out = ""
    for token in pointer[1:].split("/") if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out or "the configuration"


def _compile_pattern(pattern: str) -> re.Pattern:
    # ECMA-262 `$` (no multiline) is the end of input; Python's also matches before a final "\n".
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")


def is_uri(value: str) -> bool:
    """RFC 3986 absolute URI, loosely: a scheme, then no characters a URI can never hold."""
    return _URI.fullmatch(value) is not None and not value.endswith(":")


class SchemaFinding:
    __slots__ = ("rule_id", "pointer", "message", "at")

    def __init__(self, rule_id: str, pointer: str, message: str, at: str = "value") -> None:
        self.rule_id, self.pointer, self.message, self.at = rule_id, pointer, message, at


class SchemaChecker:
    """Validates one document against the configuration schema, yielding CO0xx/CO1xx findings."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self._patterns: dict[str, re.Pattern] = {}
        self._resolved: dict[int, dict] = {}

    @classmethod
    def load_default(cls) -> SchemaChecker:
        from co_lint.schemas import SCHEMA_PATH

        with open(SCHEMA_PATH, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def check(self, document: Document) -> list[SchemaFinding]:
        out: list[SchemaFinding] = []
        holder = [document.value]
        self._validate(holder, 0, self.schema, "", document, out)
        document.value = holder[0]
        return out

    def _resolve(self, schema: dict) -> dict:
        if "$ref" not in schema:
            return schema
        key = id(schema)
        if key in self._resolved:
            return self._resolved[key]
        while "$ref" in schema:
            node: Any = self.schema
            for token in schema["$ref"].lstrip("#/").split("/"):
                node = node[token]
            schema = node
        self._resolved[key] = schema
        return schema

    def _validate(self, parent: Any, key: Any, schema: dict, pointer: str, doc: Document, out: list) -> None:
        schema = self._resolve(schema)
        value = parent[key]
        types = schema.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else types
            if not any(_matches_type(value, name) for name in names):
                expected = " or ".join("empty (null)" if n == "null" else n for n in names)
                text = doc.plain_scalar_text(pointer) if "string" in names and value is not None else None
                if text is not None:
                    out.append(
                        SchemaFinding(
                            "CO003",
                            pointer,
                            f"{readable_path(pointer)}: YAML reads the unquoted value {text} as "
                            f'{describe(value)}, not a string; quote it: "{text}"',
                        )
                    )
                    parent[key] = value = text
                elif value is None:
                    out.append(
                        SchemaFinding("CO103", pointer, f"{readable_path(pointer)}: empty value, expected {expected}")
                    )
                    return
                else:
                    out.append(
                        SchemaFinding(
                            "CO103", pointer, f"{readable_path(pointer)}: expected {expected}, got {describe(value)}"
                        )
                    )
                    return
        if isinstance(value, str):
            self._string(value, schema, pointer, out)
        elif isinstance(value, dict):
            self._object(value, schema, pointer, doc, out)
        elif isinstance(value, list):
            self._array(value, schema, pointer, doc, out)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                out.append(
                    SchemaFinding(
                        "CO106",
                        pointer,
                        f"{readable_path(pointer)}: {value} is below the minimum of {schema['minimum']}",
                    )
                )

    def _string(self, value: str, schema: dict, pointer: str, out: list) -> None:
        if has_template(value):
            return  # opaque to content checks (rules.md §0)
        if "enum" in schema and value not in schema["enum"]:
            hint = did_you_mean(value, schema["enum"])
            allowed = ", ".join(schema["enum"])
            out.append(
                SchemaFinding("CO104", pointer, f"{readable_path(pointer)}: {value!r} is not one of {allowed}{hint}")
            )
            return
        if "minLength" in schema and len(value) < schema["minLength"]:
            out.append(SchemaFinding("CO106", pointer, f"{readable_path(pointer)}: must not be empty"))
            return
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(
                SchemaFinding(
                    "CO106",
                    pointer,
                    f"{readable_path(pointer)}: {len(value)} characters, at most {schema['maxLength']} allowed",
                )
            )
            return
        pattern = schema.get("pattern")
        if pattern is not None:
            compiled = self._patterns.get(pattern) or self._patterns.setdefault(pattern, _compile_pattern(pattern))
            if compiled.search(value) is None:
                out.append(
                    SchemaFinding("CO105", pointer, f"{readable_path(pointer)}: {value!r} does not match {pattern}")
                )
                return
        if schema.get("format") == "uri" and not is_uri(value):
            out.append(SchemaFinding("CO105", pointer, f"{readable_path(pointer)}: {value!r} is not an absolute URL"))

    def _object(self, value: dict, schema: dict, pointer: str, doc: Document, out: list) -> None:
        properties = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                out.append(
                    SchemaFinding(
                        "CO102", pointer, f"missing required property {name!r} in {readable_path(pointer)}", "start"
                    )
                )
        additional = schema.get("additionalProperties", True)
        for name in list(value):
            child = f"{pointer}/{escape_pointer_token(name)}"
            sub = properties.get(name)
            if sub is not None:
                if sub.get("readOnly"):
                    out.append(
                        SchemaFinding(
                            "CO107",
                            child,
                            f"{name!r} is a read-only field of the API's response, not part of the desired "
                            "configuration: remove it (it is ignored or rejected on PUT)",
                            "key",
                        )
                    )
                    continue
                self._validate(value, name, sub, child, doc, out)
            elif additional is False:
                hint = did_you_mean(name, [p for p in properties if not properties[p].get("readOnly")])
                out.append(
                    SchemaFinding("CO101", child, f"unknown property {name!r} in {readable_path(pointer)}{hint}", "key")
                )
            elif isinstance(additional, dict):
                self._validate(value, name, additional, child, doc, out)

    def _array(self, value: list, schema: dict, pointer: str, doc: Document, out: list) -> None:
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(
                SchemaFinding(
                    "CO106",
                    pointer,
                    f"{readable_path(pointer)}: {len(value)} items, at most {schema['maxItems']} allowed",
                )
            )
        items = schema.get("items")
        if isinstance(items, dict):
            for index in range(len(value)):
                self._validate(value, index, items, f"{pointer}/{index}", doc, out)
