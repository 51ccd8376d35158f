"""The records co-lint's parts share (:mod:`co_lint.types`): plain classes, so their behaviour is ours to test."""

from __future__ import annotations

import pickle

import pytest

from co_lint.types import Edit, Finding, Fix, Related, Span


def finding(**changes) -> Finding:
    fields = {"rule_id": "CO201", "level": "error", "message": "m", "path": "a.yaml", "span": Span(3, 9, 3, 21)}
    return Finding(**{**fields, **changes})


def test_findings_are_equal_when_every_field_is():
    assert finding() == finding()
    assert finding() != finding(pointer="/x")
    assert finding() != finding(related=[Related("b.yaml", Span.at(1, 1), "other")])
    assert finding().__eq__("not a finding") is NotImplemented


def test_a_finding_has_fresh_defaults():
    first, second = finding(), finding()
    first.related.append(Related("b.yaml", Span.at(1, 1), "other"))
    assert second.related == []


def test_replace_copies_and_refuses_an_unknown_field():
    original = finding()
    copy = original.replace(message="new", suppression="external")
    assert (copy.message, copy.suppression, copy.span) == ("new", "external", original.span)
    assert (original.message, original.suppression) == ("m", None)
    with pytest.raises(TypeError, match="no field 'mesage'"):
        original.replace(mesage="typo")


def test_a_finding_pickles_whole():
    """Worker processes send findings to the parent pickled."""
    fix = Fix("write it", (Edit(1, 2, "x", (1, 2), (1, 3)),))
    sent = finding(pointer="/p", document=2, fingerprint_value="v", fix=fix, suppression="inSource")
    received = pickle.loads(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
    assert received == sent and received is not sent


def test_repr_names_the_fields():
    assert repr(finding()).startswith("Finding(rule_id='CO201', level='error', message='m', path='a.yaml', span=Span(")
