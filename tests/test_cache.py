"""The project cache changes speed, never findings: same output with, without and after edits."""

from __future__ import annotations

import subprocess

from test_cli import run

CONFIG = """\
displayName: {name}
description: Messaging desk
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
      - from: {number}
        to: "*"
      - from: "*"
        to: {number}
"""


def make_repo(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_text(CONFIG.format(name="A", number='"+12065550134"'))
    # b.yaml's number is unquoted: cached values must keep CO003's repair (the source text).
    (tmp_path / "configs" / "b.yaml").write_text(CONFIG.format(name="B", number="+12065550134"))
    (tmp_path / "configs" / "c.yaml").write_text(CONFIG.format(name="C", number='"+12065550155"'))
    return tmp_path


def test_warm_cold_and_uncached_runs_print_the_same(tmp_path):
    repo = make_repo(tmp_path)
    cold = run("--format", "json", "configs/a.yaml", cwd=repo)
    assert (repo / ".co-lint-cache" / "project.json").is_file()
    assert (repo / ".co-lint-cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    warm = run("--format", "json", "configs/a.yaml", cwd=repo)
    uncached = run("--format", "json", "--no-cache", "configs/a.yaml", cwd=repo)
    assert cold.returncode == warm.returncode == uncached.returncode == 1
    assert cold.stdout == warm.stdout == uncached.stdout
    assert '"file": "configs/b.yaml"' in warm.stdout  # the related location, located from the cache
    assert '"line": 12' in warm.stdout


def test_an_edited_project_file_is_read_again(tmp_path):
    repo = make_repo(tmp_path)
    assert run("configs/a.yaml", cwd=repo).returncode == 1
    (repo / "configs" / "b.yaml").write_text(CONFIG.format(name="B", number='"+12065550199"'))
    result = run("configs/a.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_a_corrupt_cache_is_ignored(tmp_path):
    repo = make_repo(tmp_path)
    (repo / ".co-lint-cache").mkdir()
    (repo / ".co-lint-cache" / "project.json").write_text('{"format": "x", "files": [1, 2')
    result = run("configs/a.yaml", cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_no_cache_writes_nothing(tmp_path):
    repo = make_repo(tmp_path)
    run("--no-cache", "configs/a.yaml", cwd=repo)
    assert not (repo / ".co-lint-cache").exists()


# --------------------------------------------------------------------------- results of given files


def read_cache(repo) -> tuple[str, dict]:
    """The cache file's format and entries, read as co-lint reads them."""
    from co_lint.cache import read_cache_text

    format_, entries, _ = read_cache_text((repo / ".co-lint-cache" / "project.json").read_text())
    return format_, entries


def write_cache(repo, format_: str, entries: dict) -> None:
    """Write a cache file as co-lint writes it (every line encoded again)."""
    from co_lint.cache import cache_text

    (repo / ".co-lint-cache" / "project.json").write_text(cache_text(format_, entries))


def cached_files(repo) -> dict:
    return read_cache(repo)[1]


def cached_entry(repo, name: str) -> dict:
    return cached_files(repo)[str((repo / "configs" / name).resolve())]


def tamper(repo, name: str, message: str) -> None:
    """Rewrite the cached message of a file's first finding: seeing it proves the cache was read."""
    format_, files = read_cache(repo)
    files[str((repo / "configs" / name).resolve())]["findings"][0][2] = message
    write_cache(repo, format_, files)


def test_given_files_are_not_checked_again_until_their_content_changes(tmp_path):
    import os

    repo = make_repo(tmp_path)
    cold = run("--format", "json", "configs", cwd=repo)
    warm = run("--format", "json", "configs", cwd=repo)
    uncached = run("--format", "json", "--no-cache", "configs", cwd=repo)
    assert cold.returncode == warm.returncode == uncached.returncode == 1
    assert cold.stdout == warm.stdout == uncached.stdout
    assert cached_entry(repo, "b.yaml")["findings"][0][0] == "CO003"
    tamper(repo, "b.yaml", "FROM THE CACHE")
    assert "FROM THE CACHE" in run("configs", cwd=repo).stdout
    # A checkout rewrites the modification time, not the content: the digest still matches.
    b = repo / "configs" / "b.yaml"
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 5_000_000_000))
    assert "FROM THE CACHE" in run("configs", cwd=repo).stdout
    assert cached_entry(repo, "b.yaml")["stamp"][1] == b.stat().st_mtime_ns  # renewed
    b.write_text(CONFIG.format(name="B", number='"+12065550134"'))  # quoted now: no CO003
    edited = run("--format", "json", "configs", cwd=repo)
    assert "FROM THE CACHE" not in edited.stdout and '"rule": "CO003"' not in edited.stdout
    assert edited.stdout == run("--format", "json", "--no-cache", "configs", cwd=repo).stdout


def test_results_are_kept_per_rule_selection_and_file_name(tmp_path):
    repo = make_repo(tmp_path)
    run("configs", cwd=repo)
    tamper(repo, "b.yaml", "FROM THE CACHE")
    assert "FROM THE CACHE" not in run("--select", "CO0", "configs", cwd=repo).stdout
    run("configs", cwd=repo)
    tamper(repo, "b.yaml", "FROM THE CACHE")
    # Named from another directory, the file's findings carry another path: checked again.
    inside = run("b.yaml", cwd=repo / "configs")
    assert "FROM THE CACHE" not in inside.stdout and "b.yaml:" in inside.stdout


def test_custom_rules_turn_the_results_cache_off(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "extra").mkdir()
    (repo / "extra" / "x901_nothing.py").write_text(
        "from co_lint.rule import Rule\n"
        'RULE = Rule(id="X901", name="nothing", level="note", summary="Reports nothing.")\n'
        "def check(config):\n    return ()\n"
    )
    first = run("--rules-dir", "extra", "configs/a.yaml", cwd=repo)
    assert first.stdout == run("--rules-dir", "extra", "configs/a.yaml", cwd=repo).stdout
    # The project files' values are cached (CO3xx), the given file's results are not.
    assert "findings" not in cached_entry(repo, "b.yaml")
    assert str((repo / "configs" / "a.yaml").resolve()) not in cached_files(repo)


def test_suppressions_and_unreadable_values_in_cached_files(tmp_path):
    repo = make_repo(tmp_path)
    b = repo / "configs" / "b.yaml"
    b.write_text(
        "# co-lint: disable-file=CO003,CO207\n"  # CO207 suppresses nothing here: CO008
        + CONFIG.format(name="B", number="+12065550134")
        + "createdAt: 2001-12-14\n"  # a YAML date: JSON cannot hold it, b.yaml's values are not cached
    )
    (repo / "configs" / "d.yaml").write_text(
        "# co-lint: disable-file=CO201\n" + CONFIG.format(name="D", number='"+12065550177"')
    )
    cold = run("--format", "sarif", "configs", cwd=repo)
    warm = run("--format", "sarif", "configs", cwd=repo)
    assert cold.stdout == warm.stdout == run("--format", "sarif", "--no-cache", "configs", cwd=repo).stdout
    assert '"ruleId": "CO008"' in warm.stdout
    assert cached_entry(repo, "d.yaml")["mark"] is True
    assert str(b.resolve()) not in cached_files(repo)


def test_finding_rows_round_trip():
    from co_lint.cache import _finding, _finding_row
    from co_lint.types import Edit, Finding, Fix, Related, Span

    finding = Finding(
        "CO201",
        "error",
        "m",
        "a.yaml",
        Span(1, 2, 3, 4),
        pointer="/x/0",
        document=2,
        related=[Related("b.yaml", Span(5, 6, 5, 9), "there", "/y")],
        fingerprint_value="v",
        fix=Fix("add the mirror rule", (Edit(3, 7, "text", (1, 4), (2, 1)),)),
    )
    assert _finding(_finding_row(finding)) == finding
    plain = Finding("CO001", "error", "bad", "c.json", Span.at(1, 1))
    assert _finding(_finding_row(plain)) == plain


def test_a_file_changed_without_a_new_stamp_is_checked_again_while_racy(tmp_path):
    """A file written just before a run may change again within its mtime's step, size kept:
    its result is trusted only after its digest is compared, as git does with racy entries."""
    import os

    repo = make_repo(tmp_path)
    b = repo / "configs" / "b.yaml"
    before = b.stat()
    run("configs", cwd=repo)
    assert cached_entry(repo, "b.yaml")["settled"] is False
    b.write_text(CONFIG.format(name="A", number="+12065550134"))  # same size: a.yaml's name (CO303)
    os.utime(b, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert b.stat().st_size == before.st_size
    again = run("--format", "json", "configs", cwd=repo)
    assert '"rule": "CO303"' in again.stdout
    assert again.stdout == run("--format", "json", "--no-cache", "configs", cwd=repo).stdout
    # An old file's stamp is trusted without reading it: its result comes back as cached.
    old = before.st_mtime_ns - 60_000_000_000
    os.utime(b, ns=(old, old))
    run("configs", cwd=repo)
    assert cached_entry(repo, "b.yaml")["settled"] is True
    tamper(repo, "b.yaml", "FROM THE CACHE")
    assert "FROM THE CACHE" in run("configs", cwd=repo).stdout


def test_a_cache_shipped_in_the_repository_cannot_vouch_for_a_file(tmp_path):
    """A forged entry (right digest, no findings) for a changed file: the seal does not match."""
    import hashlib
    import os

    (tmp_path / "repo").mkdir()
    repo = make_repo(tmp_path / "repo")
    home = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    run("configs", cwd=repo, env=home)
    assert len((tmp_path / "user-cache" / "co-lint" / "cache-key").read_bytes()) == 32
    b = repo / "configs" / "b.yaml"
    b.write_text(b.read_text().replace("Messaging desk", "Messaging desc"))  # still CO003
    format_, files = read_cache(repo)
    entry = files[str(b.resolve())]
    entry["findings"], entry["stamp"], entry["settled"] = [], [0, 0], False
    entry["seal"] = hashlib.blake2b(b.read_bytes(), digest_size=16).hexdigest()  # what a forger can compute
    write_cache(repo, format_, files)
    result = run("--format", "json", "configs", cwd=repo, env=home)
    assert '"rule": "CO003"' in result.stdout
    # Another user (another key) finds no results either: every file is checked again.
    run("configs", cwd=repo, env=home)
    tamper(repo, "b.yaml", "FROM THE CACHE")
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 1))
    assert "FROM THE CACHE" in run("configs", cwd=repo, env=home).stdout
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 1))
    other = run("configs", cwd=repo, env={"XDG_CACHE_HOME": str(tmp_path / "other-user")})
    assert "FROM THE CACHE" not in other.stdout and "CO003" in other.stdout


def test_an_unreadable_file_is_never_served_from_the_cache(tmp_path, monkeypatch):
    """``chmod 000`` keeps size and mtime: the result must not come back (a fresh run reports it)."""
    import co_lint.cache as cache

    repo = make_repo(tmp_path)
    run("configs", cwd=repo)
    a = repo / "configs" / "a.yaml"
    store = cache.ProjectCache.open(repo)
    key = str(a.resolve())
    rules = store.entries[key]["rules"]
    assert store.result(a, key, "configs/a.yaml", rules) is not None
    monkeypatch.setattr(cache.os, "access", lambda path, mode: False)
    assert store.result(a, key, "configs/a.yaml", rules) is None


def test_the_cache_format_changes_with_the_installed_code(tmp_path, monkeypatch):
    """Rules can change without the version (editable install, pre-commit pinned to a commit)."""
    import co_lint.cache as cache
    import co_lint.schemas

    (tmp_path / "schema.json").write_text("{}")
    monkeypatch.setattr(co_lint.schemas, "__path__", [str(tmp_path)])
    cache._format.cache_clear()
    before = cache._format()
    (tmp_path / "schema.json").write_text('{"changed": true}')
    cache._format.cache_clear()
    try:
        assert cache._format() != before
    finally:
        cache._format.cache_clear()


def test_co301s_addresses_come_back_from_the_cache(tmp_path):

    repo = make_repo(tmp_path)
    first = run("--format", "json", "configs", cwd=repo)
    assert first.stdout.count('"rule": "CO301"') == 4  # a.yaml and b.yaml claim one number, both ways
    assert cached_entry(repo, "a.yaml")["sides"] == [[["+12065550134"], ["+12065550134"], []]]
    format_, files = read_cache(repo)
    files[str((repo / "configs" / "a.yaml").resolve())]["sides"] = [[[], [], []]]
    write_cache(repo, format_, files)
    # Read back, a.yaml's (emptied) addresses are what CO301 counts: no overlap is found.
    assert '"rule": "CO301"' not in run("--format", "json", "configs", cwd=repo).stdout
    files[str((repo / "configs" / "a.yaml").resolve())]["sides"] = [["not", "addresses"]]
    write_cache(repo, format_, files)
    # Not of the shape CO301 writes: read again from the values, as if absent.
    assert run("--format", "json", "configs", cwd=repo).stdout == first.stdout


def test_a_run_writes_back_the_lines_of_unchanged_entries_as_they_were(tmp_path):
    """One line a file: a run that renews one entry encodes that line alone; the others are
    copied as read (a line re-spaced by hand survives, which re-encoding would undo)."""
    repo = make_repo(tmp_path)
    run("configs/a.yaml", cwd=repo)  # b.yaml and c.yaml are cached as project files
    path = repo / ".co-lint-cache" / "project.json"
    header, *lines = path.read_text().splitlines()
    c_key = str((repo / "configs" / "c.yaml").resolve())
    (c_line,) = [line for line in lines if c_key in line]
    respaced = c_line.replace('",{', '", {', 1)
    assert respaced != c_line
    path.write_text(path.read_text().replace(c_line, respaced))
    a = repo / "configs" / "a.yaml"
    a.write_text(a.read_text().replace("Messaging desk", "Messaging office"))
    run("configs/a.yaml", cwd=repo)
    header_after, *after = path.read_text().splitlines()
    assert header_after == header
    assert respaced in after  # copied, not encoded again
    a_key = str(a.resolve())
    assert [line for line in after if a_key in line] != [line for line in lines if a_key in line]


def test_a_cache_file_with_a_broken_line_is_read_as_empty(tmp_path):
    """A line that is not one entry (cut short, a key twice, not a pair) empties the cache: the run is a cold one."""
    repo = make_repo(tmp_path)
    cold = run("--format", "json", "configs/a.yaml", cwd=repo)
    path = repo / ".co-lint-cache" / "project.json"
    text = path.read_text()
    header, first, *rest = text.splitlines()
    halves = ('["/a",{"x":"', '"}],["/b",{}]')  # a line break inside a string: two lines, two entries
    for broken in (first[:-5], first + "\n" + first, '["only a key"]', "[1, {}]", "\n".join(halves), "[" * 100_000):
        path.write_text("\n".join([header, broken, *rest]) + "\n")
        again = run("--format", "json", "configs/a.yaml", cwd=repo)
        assert (again.returncode, again.stdout) == (cold.returncode, cold.stdout), broken
        assert "Traceback" not in again.stderr


def test_the_cache_text_reads_back_as_written():
    from co_lint.cache import cache_text, read_cache_text

    entries = {"/p/a.yaml": {"stamp": [1, 2], "documents": [[0, {"k": "line\nbreak \u2028 é"}]]}, "/p/b\n.yaml": {}}
    text = cache_text("fmt", entries)
    assert text.count("\n") == 3 and text.isascii()
    format_, read, lines = read_cache_text(text)
    assert (format_, read) == ("fmt", entries)
    assert cache_text("fmt", read, lines) == text


def test_a_line_is_trusted_only_as_its_own_entry():
    """Lines whose breaks fall between values, not entries, may still parse as many entries as
    lines: each line must begin with its entry's key and end with it, or the file is refused."""
    import pytest

    from co_lint.cache import read_cache_text

    header = '{"format":"f"}'
    for rows in (
        ['["/a",{"k":[1', "2]}]", '["/c",{}],["/d",{}]'],  # one entry over two lines, two on one
        ['["/a",{"x":"', '"}],["/b",{}]'],  # cut inside a string
    ):
        with pytest.raises(ValueError):
            read_cache_text("\n".join([header, *rows]) + "\n")
    assert read_cache_text(header + '\n["/a",{"k":[1,2]}]\n')[1] == {"/a": {"k": [1, 2]}}
