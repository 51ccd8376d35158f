"""What a rule is: its metadata, and the :class:`Hit` it reports.

A rule module (built-in in ``rules/``, third-party through the ``co_lint.rules`` entry
point group, or a team's own in ``--rules-dir``) has the same shape everywhere::

    \"\"\"Markdown explanation: what it does, why it is bad, example, fix, source.\"\"\"
    from co_lint.rule import Hit, Rule

    RULE = Rule(id="ACME001", name="display-name-prefix", level="warning",
                summary="displayName must start with the team prefix")

    def check(config):                      # per configuration, optional
        ...  yield Hit(config, "/displayName", "message")

    def check_project(configs):             # across configurations, optional
        ...

    def check_change(base, current):        # one configuration against its version at
        ...                                 # ``--base REV``, optional; hits on ``current``

    def check_live(config, account):        # one configuration against the Twilio account
        ...                                 # (``--live``, see co_lint.live), optional

    def check_live_account(configs, account, place):   # the account against the project set:
        ...                                 # FileHit(place(deployed), ...), optional

The module docstring is the rule's documentation: one source for ``co-lint rule ID``,
``co-lint rules``, SARIF ``rules[]`` and ``docs/rules.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from co_lint.types import Record

if TYPE_CHECKING:
    from co_lint.model import Configuration


class Rule(NamedTuple):
    """A rule's identity and defaults. Ids and names are fixed once published."""

    id: str
    name: str
    level: str
    summary: str
    tags: tuple[str, ...] = ()
    #: Also runs on documents whose root is not a mapping (a credential scan does).
    raw: bool = False
    #: For security rules: GitHub's security-severity (a number in a string, "0.0" to "10.0").
    security_severity: str | None = None
    #: SARIF/GitHub precision: "very-high", "high", "medium" or "low" (how often a finding is real).
    precision: str = "high"
    #: Where the rule is documented; built-in rules link to their section of docs/rules.md.
    help_uri: str | None = None


#: A rule id: upper-case letters and digits, starting with a letter (``CO201``, ``ACME001``).
#: Selectors (``--select``) and suppression comments are read in upper case: a rule whose id
#: has a lower-case letter could be neither selected nor suppressed.
RULE_ID = re.compile(r"[A-Z][A-Z0-9]*\Z")
PRECISIONS = ("very-high", "high", "medium", "low")
#: The check functions a rule module may define (each optional, each callable).
CHECKS = ("check", "check_project", "check_change", "check_live", "check_live_account")


def rule_problem(rule: Rule) -> str | None:
    """What is wrong with a rule's metadata, or None: checked when a rule module is loaded, so
    a typo (``level="fatal"``) is one usage error then, not a crash in every report later."""
    from co_lint.types import LEVELS

    if not isinstance(rule.id, str) or not RULE_ID.match(rule.id):
        return f"id {rule.id!r} must be upper-case letters and digits starting with a letter, such as ACME001"
    if not _one_word(rule.name):
        return f"name {rule.name!r} must be a non-empty name without spaces, such as display-name-prefix"
    if rule.level not in LEVELS:
        return f"level {rule.level!r} must be one of {', '.join(LEVELS)}"
    if not isinstance(rule.summary, str) or not rule.summary.strip() or not rule.summary.isprintable():
        return f"summary {rule.summary!r} must be one non-empty line of text"
    return _optional_problem(rule)


def _optional_problem(rule: Rule) -> str | None:
    """:func:`rule_problem` for the fields with defaults (code scanning's metadata)."""
    if not isinstance(rule.tags, (tuple, list)) or not all(_one_word(tag) for tag in rule.tags):
        return f"tags {rule.tags!r} must be a tuple of words, such as ('security',) (a string alone is not one)"
    if not isinstance(rule.raw, bool):
        return f"raw {rule.raw!r} must be True or False"
    if rule.precision not in PRECISIONS:
        return f"precision {rule.precision!r} must be one of {', '.join(PRECISIONS)}"
    if rule.security_severity is not None and not _severity(rule.security_severity):
        return f"security_severity {rule.security_severity!r} must be a number from '0.0' to '10.0', in a string"
    if rule.help_uri is not None and (not isinstance(rule.help_uri, str) or not rule.help_uri.strip()):
        return f"help_uri {rule.help_uri!r} must be the address of the rule's documentation"
    return None


def _one_word(value: Any) -> bool:
    return isinstance(value, str) and bool(value) and value.isprintable() and not any(c.isspace() for c in value)


def _severity(value: Any) -> bool:
    try:
        return isinstance(value, str) and 0.0 <= float(value) <= 10.0
    except ValueError:
        return False


class Hit(Record):
    """A problem a rule found, by JSON Pointer; the engine turns it into a located finding."""

    __slots__ = ("config", "pointer", "message", "at", "level", "related", "fingerprint")

    def __init__(
        self,
        config: Configuration,
        pointer: str,
        message: str,
        at: str = "value",
        level: str | None = None,
        related: tuple[tuple[Configuration, str, str, str], ...] = (),
        fingerprint: str | None = None,
    ) -> None:
        self.config = config
        self.pointer = pointer
        self.message = message
        self.at = at
        self.level = level
        self.related = related
        #: The text that identifies the offending content, for fingerprints (defaults to the value).
        self.fingerprint = fingerprint


class FileHit(Record):
    """A problem that belongs to a file rather than to a value in it, placed at line 1, column 1.

    The file may not exist: a deployed configuration no file describes (CO804) is reported
    at the path ``co-lint export`` would write it to.
    """

    __slots__ = ("path", "message", "fingerprint", "document")

    def __init__(self, path: str, message: str, fingerprint: str = "", document: int = 0) -> None:
        self.path = path
        self.message = message
        self.fingerprint = fingerprint
        self.document = document


class RuleDef(Record):
    """A loaded rule: its metadata, its documentation and its check functions."""

    __slots__ = (
        "rule",
        "explanation",
        "check",
        "check_project",
        "check_change",
        "check_live",
        "check_live_account",
        "origin",
        "module",
    )

    def __init__(
        self,
        rule: Rule,
        explanation: str,
        check: Callable[[Any], Iterable[Hit]] | None = None,
        check_project: Callable[[list], Iterable[Hit]] | None = None,
        check_change: Callable[[Any, Any], Iterable[Hit]] | None = None,
        check_live: Callable[[Any, Any], Iterable[Hit]] | None = None,
        check_live_account: Callable[[list, Any, Callable], Iterable[FileHit]] | None = None,
        origin: str = "built-in",
        module: ModuleType | None = None,
    ) -> None:
        self.rule = rule
        self.explanation = explanation
        self.check = check
        self.check_project = check_project
        #: ``check_change(base, current)``: runs only with ``--base REV`` (see :mod:`co_lint.changes`).
        self.check_change = check_change
        #: ``check_live(config, account)`` and ``check_live_account(configs, account, place)``:
        #: run only with ``--live`` (see :mod:`co_lint.live`).
        self.check_live = check_live
        self.check_live_account = check_live_account
        self.origin = origin
        self.module = module

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def change_only(self) -> bool:
        """A rule that runs only with ``--base`` (CO7xx): a ``check_change``, or the ``change`` tag alone."""
        return (
            self.check is None
            and self.check_project is None
            and (self.check_change is not None or "change" in self.rule.tags)
        )

    @property
    def live_only(self) -> bool:
        """A rule that runs only with ``--live`` (CO8xx): it compares files with a Twilio account."""
        return (
            self.check is None
            and self.check_project is None
            and (self.check_live is not None or self.check_live_account is not None)
        )
