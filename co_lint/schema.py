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
    """One schema finding, at ``pointer`` (``at``: the key's ``start`` or the ``value``).

    ``fingerprint``: what tells it apart from another finding of its rule at the same pointer,
    when its value does not: each property a mapping lacks is a CO102 at that mapping, told
    apart by the property's name (else a SARIF alert and a baseline entry stand for whichever
    missing property sorts first). None: the value at the pointer, as for any finding.
    """

    __slots__ = ("rule_id", "pointer", "message", "at", "fingerprint")

    def __init__(
        self, rule_id: str, pointer: str, message: str, at: str = "value", fingerprint: str | None = None
    ) -> None:
        self.rule_id, self.pointer, self.message, self.at = rule_id, pointer, message, at
        self.fingerprint = fingerprint


#: The Python classes that certainly satisfy a JSON Schema type (the fast path of the type
#: test); any other class is judged by :func:`_matches_type` (a float 3.0 is an integer).
_EXACT_CLASSES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
    "null": (type(None),),
    "integer": (int,),
    "number": (int, float),
}


class _Plan:
    """One schema node with its keywords read out once, so the walk does no dict look-ups
    (and no ``$ref`` resolution) per value: the walk visits ~100 values a file."""

    __slots__ = (
        "names",
        "exact",
        "string_checks",
        "enum",
        "min_length",
        "max_length",
        "pattern",
        "compiled",
        "uri",
        "required",
        "properties",
        "visible",
        "additional",
        "max_items",
        "items",
        "minimum",
        "unchecked",
        "objects",
        "arrays",
        "record",
    )

    def __init__(self, schema: dict) -> None:
        types = schema.get("type")
        self.names: list[str] | None = None if types is None else ([types] if isinstance(types, str) else types)
        self.exact = frozenset(cls for name in self.names or () for cls in _EXACT_CLASSES.get(name, ()))
        self.enum = schema.get("enum")
        self.min_length = schema.get("minLength")
        self.max_length = schema.get("maxLength")
        self.pattern = schema.get("pattern")
        self.compiled: re.Pattern | None = None  # compiled on first use (start-up pays for none unused)
        self.uri = schema.get("format") == "uri"
        self.string_checks = (
            "enum" in schema
            or self.min_length is not None
            or self.max_length is not None
            or self.pattern is not None
            or self.uri
        )
        self.required = tuple(schema.get("required", ()))
        #: name → (read-only, plan, the name as a JSON Pointer token); filled by
        #: :meth:`SchemaChecker._plan` (schemas may recurse).
        self.properties: dict[str, tuple[bool, _Plan, str]] = {}
        #: The property names a "did you mean" hint may offer (not read-only), in schema order.
        self.visible = [name for name, sub in schema.get("properties", {}).items() if not sub.get("readOnly")]
        self.additional: Any = True  # a plan, or the keyword's value (true, false)
        self.max_items = schema.get("maxItems")
        self.items: _Plan | None = None
        self.minimum = schema.get("minimum")
        #: The classes of values this node accepts with nothing to check (a string with no
        #: string keyword, a boolean, null; a number with no minimum): the walk skips them
        #: without a call or a pointer, and most values of a file are such strings.
        unchecked = {bool, type(None)}
        if not self.string_checks:
            unchecked.add(str)
        if self.minimum is None:
            unchecked.update((int, float))
        self.unchecked = frozenset(unchecked if self.names is None else unchecked & self.exact)
        #: Whether this node takes a mapping (a list) as it is: the walk then hands a ``dict``
        #: (``list``) straight to :meth:`SchemaChecker._object` (``_array``), without the type
        #: test of :meth:`SchemaChecker._validate` (most of a file's values are in such nodes).
        self.objects = self.names is None or "object" in self.names
        self.arrays = self.names is None or "array" in self.names
        #: For a mapping whose required properties are plain (not read-only), their names and,
        #: per name, the classes its value takes unchecked: a mapping of exactly those keys,
        #: each value of such a class, has nothing to check (see :meth:`SchemaChecker._array`).
        #: Filled by :meth:`SchemaChecker._plan`, once the properties are planned.
        self.record: tuple[frozenset[str], tuple[tuple[str, frozenset[type]], ...]] | None = None

    def matcher(self) -> re.Pattern:
        if self.compiled is None:
            self.compiled = _compile_pattern(self.pattern)
        return self.compiled


class SchemaChecker:
    """Validates one document against the configuration schema, yielding CO0xx/CO1xx findings."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self._plans: dict[int, _Plan] = {}
        self._root = self._plan(schema)

    @classmethod
    def load_default(cls) -> SchemaChecker:
        from co_lint.schemas import SCHEMA_PATH

        with open(SCHEMA_PATH, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def check(self, document: Document) -> list[SchemaFinding]:
        out: list[SchemaFinding] = []
        holder = [document.value]
        self._validate(holder, 0, self._root, "", document, out)
        document.value = holder[0]
        return out

    def _resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            node: Any = self.schema
            for token in schema["$ref"].lstrip("#/").split("/"):
                node = node[token]
            schema = node
        return schema

    def _plan(self, schema: dict) -> _Plan:
        """The plan of ``schema`` (after ``$ref``), built once; children are planned eagerly."""
        schema = self._resolve(schema)
        plan = self._plans.get(id(schema))
        if plan is not None:
            return plan
        plan = self._plans[id(schema)] = _Plan(schema)
        for name, sub in schema.get("properties", {}).items():
            plan.properties[name] = (bool(sub.get("readOnly")), self._plan(sub), escape_pointer_token(name))
        additional = schema.get("additionalProperties", True)
        plan.additional = self._plan(additional) if isinstance(additional, dict) else additional
        items = schema.get("items")
        plan.items = self._plan(items) if isinstance(items, dict) else None
        if plan.required and all(name in plan.properties and not plan.properties[name][0] for name in plan.required):
            fields = tuple((name, plan.properties[name][1].unchecked) for name in plan.required)
            plan.record = (frozenset(plan.required), fields)
        return plan

    def _validate(self, parent: Any, key: Any, plan: _Plan, pointer: str, doc: Document, out: list) -> None:
        value = parent[key]
        names = plan.names
        if names is not None and value.__class__ not in plan.exact:
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
            if plan.string_checks:
                self._string(value, plan, pointer, out)
        elif isinstance(value, dict):
            self._object(value, plan, pointer, doc, out)
        elif isinstance(value, list):
            self._array(value, plan, pointer, doc, out)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if plan.minimum is not None and value < plan.minimum:
                out.append(
                    SchemaFinding(
                        "CO106",
                        pointer,
                        f"{readable_path(pointer)}: {value} is below the minimum of {plan.minimum}",
                    )
                )

    def _string(self, value: str, plan: _Plan, pointer: str, out: list) -> None:
        finding = self._string_finding(value, plan, pointer)
        # A template value is opaque to content checks (rules.md §0); the test runs only when a
        # check fails (most values pass them).
        if finding is not None and not has_template(value):
            out.append(finding)

    @staticmethod
    def _string_finding(value: str, plan: _Plan, pointer: str) -> SchemaFinding | None:
        """The first string keyword ``value`` fails, as a finding (it may still be a template)."""
        if plan.enum is not None and value not in plan.enum:
            hint = did_you_mean(value, plan.enum)
            allowed = ", ".join(plan.enum)
            return SchemaFinding("CO104", pointer, f"{readable_path(pointer)}: {value!r} is not one of {allowed}{hint}")
        if plan.min_length is not None and len(value) < plan.min_length:
            return SchemaFinding("CO106", pointer, f"{readable_path(pointer)}: must not be empty")
        if plan.max_length is not None and len(value) > plan.max_length:
            return SchemaFinding(
                "CO106",
                pointer,
                f"{readable_path(pointer)}: {len(value)} characters, at most {plan.max_length} allowed",
            )
        if plan.pattern is not None and plan.matcher().search(value) is None:
            return SchemaFinding("CO105", pointer, f"{readable_path(pointer)}: {value!r} does not match {plan.pattern}")
        if plan.uri and not is_uri(value):
            return SchemaFinding("CO105", pointer, f"{readable_path(pointer)}: {value!r} is not an absolute URL")
        return None

    def _object(self, value: dict, plan: _Plan, pointer: str, doc: Document, out: list, index: int = -1) -> None:
        """Check a mapping. With ``index``, ``pointer`` is the enclosing list's and the mapping is
        its item ``index``: its own pointer is made only once something needs it (a finding, or a
        value to check inside), which most capture rules never do."""
        for name in plan.required:
            if name not in value:
                if index >= 0:
                    pointer, index = f"{pointer}/{index}", -1
                out.append(
                    SchemaFinding(
                        "CO102",
                        pointer,
                        f"missing required property {name!r} in {readable_path(pointer)}",
                        "start",
                        fingerprint=name,
                    )
                )
        properties = plan.properties
        additional = plan.additional
        # A CO003 repair replaces a value, never adds or removes a key: iterating stays valid.
        for name, item in value.items():
            sub = properties.get(name)
            if sub is not None and not sub[0] and item.__class__ in sub[1].unchecked:
                continue  # the usual value: a property with nothing to check
            if index >= 0:
                pointer, index = f"{pointer}/{index}", -1
            if sub is not None:
                read_only, child, token = sub
                if read_only:
                    out.append(
                        SchemaFinding(
                            "CO107",
                            f"{pointer}/{token}",
                            f"{name!r} is a read-only field of the API's response, not part of the desired "
                            "configuration: remove it (it is ignored or rejected on PUT)",
                            "key",
                        )
                    )
                    continue
            elif additional is False:
                hint = did_you_mean(name, plan.visible)
                out.append(
                    SchemaFinding(
                        "CO101",
                        f"{pointer}/{escape_pointer_token(name)}",
                        f"unknown property {name!r} in {readable_path(pointer)}{hint}",
                        "key",
                    )
                )
                continue
            elif additional.__class__ is _Plan:
                child, token = additional, escape_pointer_token(name)
            else:
                continue
            cls = item.__class__
            if cls in child.unchecked:
                continue
            path = f"{pointer}/{token}"
            if cls is dict and child.objects:
                self._object(item, child, path, doc, out)
            elif cls is list and child.arrays:
                self._array(item, child, path, doc, out)
            else:
                self._validate(value, name, child, path, doc, out)

    def _array(self, value: list, plan: _Plan, pointer: str, doc: Document, out: list) -> None:
        if plan.max_items is not None and len(value) > plan.max_items:
            out.append(
                SchemaFinding(
                    "CO106",
                    pointer,
                    f"{readable_path(pointer)}: {len(value)} items, at most {plan.max_items} allowed",
                )
            )
        items = plan.items
        if items is not None:
            unchecked = items.unchecked
            record = items.record
            for index, item in enumerate(value):  # a CO003 repair replaces an item: still valid
                cls = item.__class__
                if cls in unchecked:
                    continue
                if cls is dict and items.objects:  # as in _object
                    if record is not None and item.keys() == record[0]:
                        # Exactly the required keys, each a value with nothing to check: what
                        # _object would find of it is nothing (most capture rules are such).
                        for name, plain in record[1]:
                            if item[name].__class__ not in plain:
                                break
                        else:
                            continue
                    self._object(item, items, pointer, doc, out, index)
                elif cls is list and items.arrays:
                    self._array(item, items, f"{pointer}/{index}", doc, out)
                else:
                    self._validate(value, index, items, f"{pointer}/{index}", doc, out)
