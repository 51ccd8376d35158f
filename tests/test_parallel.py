"""A large run checked in worker processes prints exactly what a single-process run prints."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO
from test_cli import run


def test_pool_and_single_process_agree(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path / "configs"), "240"], check=True
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    single = run("--format", "json", "--jobs", "1", "configs", cwd=tmp_path)
    pooled = run("--format", "json", "--jobs", "2", "configs", cwd=tmp_path)
    assert single.returncode == pooled.returncode == 1
    assert single.stdout == pooled.stdout
    assert '"rule": "CO301"' in pooled.stdout and '"rule": "CO003"' in pooled.stdout
    # Workers attach the safe fixes of their files (CO003, CO201, CO202): the same fixes.
    assert pooled.stdout.count('"fix": {') >= 10
    sarif_single = run("--format", "sarif", "--jobs", "1", "configs", cwd=tmp_path)
    sarif_pooled = run("--format", "sarif", "configs", cwd=tmp_path)
    assert sarif_single.stdout == sarif_pooled.stdout


def test_an_engine_loads_the_schema_once(tmp_path, monkeypatch):
    """Workers call ``check_files`` once per file: reading and planning the schema each time
    cost a fifth of a large run."""
    from co_lint.engine import Engine
    from co_lint.parallel import check_file
    from co_lint.registry import builtin_rules
    from co_lint.schema import SchemaChecker

    loads = []
    real = SchemaChecker.load_default.__func__
    monkeypatch.setattr(SchemaChecker, "load_default", classmethod(lambda cls: loads.append(1) or real(cls)))
    engine = Engine(builtin_rules())
    for name in ("a.json", "b.json", "c.json"):
        (tmp_path / name).write_text('{"displayName": "x", "channelSettings": {}}')
        result = check_file(engine, str(tmp_path / name), name)
        assert result.error is None and result.documents
    assert loads == [1]


def test_workers_read_co301_addresses_and_the_parent_only_counts(tmp_path, monkeypatch):
    """CO301's counting pass reads every configuration's addresses: a worker reads them from
    the repaired values beside its checks, and the parent's count uses them as they are."""
    from co_lint import overlap
    from co_lint.engine import Engine
    from co_lint.parallel import check_file, gather
    from co_lint.registry import builtin_rules

    (tmp_path / "a.yaml").write_text(
        "channelSettings:\n  SMS:\n    captureRules:\n      - from: +12065550134\n        to: '*'\n"
        "  WHATSAPP:\n    captureRules:\n      - {from: 'whatsapp:+12065550135', to: '*'}\n"
        "      - {from: '*', to: '*'}\n---\n[1, 2]\n"
    )
    result = check_file(Engine(builtin_rules()), str(tmp_path / "a.yaml"), "a.yaml")
    # The YAML number was repaired to its source text before the addresses were read; `*` is
    # no address (the counting pass would discard it).
    assert result.sides == [(["+12065550134"], [], ["WHATSAPP"]), None]
    off = Engine(builtin_rules(), enabled=lambda rule_id: rule_id != "CO301")
    assert check_file(off, str(tmp_path / "a.yaml"), "a.yaml").sides is None

    _, _, configs, _ = gather([result])
    monkeypatch.setattr(overlap, "claimed_sides", lambda value: pytest.fail("read again in the parent"))
    relevance = overlap._Relevance.repeated(configs)
    assert relevance.wide_channels == {"WHATSAPP"} and relevance.from_sides == set()


def test_claimed_sides_name_each_address_once_without_the_wildcard():
    """Mirror rules write every address twice and `*` on every rule: the counting pass gets
    each address of a configuration once, prefix removed, and no `*`."""
    from co_lint.overlap import claimed_sides

    rules = [
        {"from": "+12065550134", "to": "*"},
        {"from": "*", "to": "+12065550134"},
        {"from": "whatsapp:+12065550135", "to": "*"},
        {"from": "+12065550135", "to": "*"},
        {"from": "*", "to": "whatsapp:+12065550135"},
    ]
    froms, tos, wide = claimed_sides({"channelSettings": {"WHATSAPP": {"captureRules": rules}}})
    assert sorted(froms) == ["+12065550134", "+12065550135"]
    assert sorted(tos) == ["+12065550134", "+12065550135"]
    assert wide == []


def test_a_run_without_the_cache_hashes_no_file(tmp_path, monkeypatch):
    """Only the results cache reads a file's digest: without it, no file is hashed."""
    from co_lint import parallel
    from co_lint.engine import Engine
    from co_lint.registry import builtin_rules

    (tmp_path / "a.json").write_text('{"displayName": "x"}')
    engine = Engine(builtin_rules())
    hashed = parallel.check_here(engine, [(tmp_path / "a.json", "a.json")])
    assert hashed[0].digest is not None and len(hashed[0].digest) == 32
    monkeypatch.setattr(parallel, "content_digest", lambda data: pytest.fail("hashed"))
    assert parallel.check_here(engine, [(tmp_path / "a.json", "a.json")], digest=False)[0].digest is None


def test_checking_a_file_leaves_no_cycle_behind(tmp_path):
    """A lint run keeps the cyclic collector off, and the process that checks files keeps
    going: whatever checking one file builds must be freed by reference counting alone
    (a 10,000-file run's parent grew by ~100 MB when each file's models formed cycles)."""
    import gc

    from co_lint.engine import Engine
    from co_lint.parallel import check_file
    from co_lint.registry import builtin_rules

    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path / "configs"), "40"], check=True
    )
    files = sorted((tmp_path / "configs").iterdir())
    engine = Engine(builtin_rules())
    check_file(engine, str(files[0]), "warm-up")  # caches and plans made once per process
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        results = [check_file(engine, str(path), path.name) for path in files]
        assert sum(len(result.findings) for result in results) > 0
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_project_files_read_in_workers_give_what_the_parent_reads(tmp_path):
    """pre-commit with no cache: one given file, the project's other files read in workers."""
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path / "configs"), "240"], check=True
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    given = "configs/desk-00040.yaml"  # claims a number of desk-00039.json, a project file
    for format_ in ("json", "sarif"):
        single = run("--no-cache", "--format", format_, "--jobs", "1", given, cwd=tmp_path)
        pooled = run("--no-cache", "--format", format_, "--jobs", "2", given, cwd=tmp_path)
        assert single.returncode == pooled.returncode == 1
        assert single.stdout == pooled.stdout
    assert '"ruleId": "CO301"' in pooled.stdout and "desk-00039.json" in pooled.stdout
    # A first run with the cache reads them in workers and caches them; a second reads the cache.
    first = run("--format", "sarif", "--jobs", "2", given, cwd=tmp_path)
    second = run("--format", "sarif", "--jobs", "2", given, cwd=tmp_path)
    assert first.stdout == second.stdout == single.stdout


def test_load_in_workers_repairs_values_and_leaves_out_unreadable_files(tmp_path):
    from co_lint.engine import Engine
    from co_lint.parallel import load_in_workers
    from co_lint.registry import builtin_rules

    (tmp_path / "a.yaml").write_text(
        "displayName: A\nchannelSettings:\n  SMS:\n    captureRules:\n      - {from: +12065550134, to: '*'}\n"
    )
    (tmp_path / "b.yaml").write_text("displayName: [unclosed\n")
    files = [
        (tmp_path / "a.yaml", "a.yaml"),
        (tmp_path / "missing.yaml", "missing.yaml"),
        (tmp_path / "b.yaml", "b.yaml"),
    ]
    a, missing, b = load_in_workers(Engine(builtin_rules()), files, 2)
    assert missing is None
    assert a.display == "a.yaml" and a.cached and a.findings == []
    # The schema step's CO003 repair: the number's source text, as the parent's own read gives.
    assert a.documents[0].value["channelSettings"]["SMS"]["captureRules"][0]["from"] == "+12065550134"
    assert a.documents[0].span("/displayName").start_line == 1
    assert [finding.rule_id for finding in b.findings] == ["CO001"] and b.documents == []


def test_a_json_file_nobody_named_skips_the_schema_step(tmp_path, monkeypatch):
    """The schema step of a file not reported only repairs YAML's coerced scalars: JSON has
    none, so its walk is skipped; a YAML project file is still walked (and repaired)."""
    from co_lint.engine import Engine
    from co_lint.parallel import check_file
    from co_lint.registry import builtin_rules
    from co_lint.schema import SchemaChecker

    (tmp_path / "a.json").write_text('{"displayName": 5, "channelSettings": {}}')
    (tmp_path / "b.yaml").write_text(
        "displayName: B\nchannelSettings:\n  SMS:\n    captureRules:\n      - {from: +12065550134, to: '*'}\n"
    )
    engine = Engine(builtin_rules())
    walked = []
    check = SchemaChecker.check
    monkeypatch.setattr(SchemaChecker, "check", lambda self, document: walked.append(document) or check(self, document))
    a = check_file(engine, str(tmp_path / "a.json"), "a.json", digest=False, reported=False)
    b = check_file(engine, str(tmp_path / "b.yaml"), "b.yaml", digest=False, reported=False)
    assert [document.source.kind for document in walked] == ["yaml"]
    assert a.documents == [(0, {"displayName": 5, "channelSettings": {}})] and a.findings == []
    assert b.documents[0][1]["channelSettings"]["SMS"]["captureRules"][0]["from"] == "+12065550134"
    # Reported, the JSON file is walked as ever (its CO103 is a finding).
    reported = check_file(engine, str(tmp_path / "a.json"), "a.json", digest=False)
    assert "CO103" in {finding.rule_id for finding in reported.findings}


def test_gathered_sources_keep_the_paths_the_caller_gives(tmp_path):
    """The parent names each result's file by the path it already has (no Path made again)."""
    from co_lint.engine import Engine
    from co_lint.parallel import check_file, gather
    from co_lint.registry import builtin_rules

    path = tmp_path / "a.yaml"
    path.write_text("displayName: A\n")
    result = check_file(Engine(builtin_rules()), str(path), "a.yaml")
    sources, _, configs, _ = gather([result], [path])
    assert sources[0].path is path and configs[0].document.source is sources[0]
    assert gather([result])[0][0].path == path  # without them, made from the result's string
