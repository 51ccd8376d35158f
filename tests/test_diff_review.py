"""Review of ``--diff``: cases where the patch did not give what ``--fix`` writes.

* A configuration reached through a symbolic link (the file itself, or a directory on its
  path): ``--fix`` writes the real file, but the diff named the link, which ``git apply``
  refuses ("beyond a symbolic link", or the link does not match) and GNU patch refuses ("not
  a regular file").
* Standard output in another encoding than UTF-8 (``PYTHONIOENCODING``, a Latin-1 locale, a
  Windows console): the diff came out in that encoding (a Latin-1 ``é`` in a context line,
  so the patch does not apply to the UTF-8 file) or not at all (a traceback for ASCII); and
  ``--fix -`` with stdin that is not UTF-8 crashed on a strict UTF-8 stdout instead of
  printing its bytes as they are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from test_cli import CO_LINT

GIT = shutil.which("git") or "git"
PATCH = shutil.which("patch") or "patch"
ONE_WAY = b'channelSettings:\n  SMS:\n    captureRules:\n      - {from: +13125550191, to: "*"}\n'
#: Non-ASCII text in the context lines of the diff and in the mirror rule it adds.
ACCENTED = (
    'description: "Bureau du port, été"\n'
    "channelSettings:\n  SMS:\n    captureRules:\n"
    '      - from: +13125550191\n        to: "*"\n        metadata: {note: "côté quai"}\n'
).encode()


def co_lint(*args: str, cwd: Path, stdin: bytes | None = None, **environ: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NO_COLOR": "1", **environ}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [CO_LINT, "--no-cache", *args], cwd=cwd, input=stdin, capture_output=True, env=environment, timeout=120
    )


def tree(root: Path) -> dict[str, bytes]:
    """Every entry below ``root`` (``.git`` aside): a link as its target, a file as its bytes."""
    entries = {}
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d != ".git"]
        for name in names + [d for d in subdirectories if os.path.islink(os.path.join(directory, d))]:
            path = os.path.join(directory, name)
            key = os.path.relpath(path, root)
            entries[key] = b"-> " + os.fsencode(os.readlink(path)) if os.path.islink(path) else Path(path).read_bytes()
    return entries


def copies(build, tmp_path: Path, *names: str) -> list[Path]:
    """A git repository per name, each built the same way."""
    roots = []
    for name in names:
        root = tmp_path / name
        root.mkdir()
        subprocess.run([GIT, "init", "-q", str(root)], check=True, capture_output=True)
        build(root)
        roots.append(root)
    return roots


def assert_applies(diff: bytes, root: Path, expected: dict[str, bytes]) -> None:
    tools = {
        "git apply": [GIT, "apply", "--verbose", "-"],
        "patch -p1": [PATCH, "-p1", "-F0", "--no-backup-if-mismatch", "--batch"],
    }
    for tool, command in tools.items():
        copy = root.parent / f"{root.name}-{tool.split()[0]}"
        shutil.copytree(root, copy, symlinks=True)
        applied = subprocess.run(command, input=diff, cwd=copy, capture_output=True, timeout=60)
        assert applied.returncode == 0, (tool, applied.stdout, applied.stderr, diff)
        assert tree(copy) == expected, (tool, diff)


def linked_file(root: Path) -> None:
    (root / "real").mkdir()
    (root / "real" / "a.yaml").write_bytes(ONE_WAY)
    (root / "link.yaml").symlink_to("real/a.yaml")


def linked_directory(root: Path) -> None:
    (root / "real").mkdir()
    (root / "real" / "a.yaml").write_bytes(ONE_WAY)
    (root / "linked").symlink_to("real", target_is_directory=True)


@pytest.mark.parametrize(
    ("build", "given"),
    [(linked_file, "link.yaml"), (linked_directory, "linked/a.yaml")],
    ids=["linked-file", "linked-directory"],
)
def test_a_file_reached_through_a_symbolic_link_is_named_by_the_real_file(tmp_path, build, given):
    original, fixed = copies(build, tmp_path, "original", "fixed")
    before = tree(original)
    diff = co_lint("--diff", given, cwd=original)
    assert diff.returncode == 1, diff.stderr
    assert tree(original) == before  # --diff wrote nothing
    result = co_lint("--fix", given, cwd=fixed)
    assert result.returncode in (0, 1), result.stderr
    expected = tree(fixed)
    assert expected != before and expected[os.path.join("real", "a.yaml")] != ONE_WAY
    assert diff.stdout.startswith(b"--- a/real/a.yaml\n+++ b/real/a.yaml\n")
    assert_applies(diff.stdout, original, expected)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "utf-16"])
def test_the_diff_is_utf8_whatever_the_output_encoding(tmp_path, encoding):
    def build(root: Path) -> None:
        (root / "a.yaml").write_bytes(ACCENTED)

    original, fixed = copies(build, tmp_path, "original", "fixed")
    reference = co_lint("--diff", "a.yaml", cwd=original, PYTHONIOENCODING="utf-8")
    assert reference.returncode == 1, reference.stderr
    assert "côté".encode() in reference.stdout
    diff = co_lint("--diff", "a.yaml", cwd=original, PYTHONIOENCODING=encoding)
    assert diff.returncode == 1, diff.stderr
    assert diff.stdout == reference.stdout
    co_lint("--fix", "a.yaml", cwd=fixed)
    assert (fixed / "a.yaml").read_bytes() != ACCENTED
    assert_applies(diff.stdout, original, tree(fixed))


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_fix_from_stdin_prints_its_bytes_as_they_are(tmp_path, encoding):
    """Not UTF-8 (CO005): nothing is fixed, and the text comes back byte for byte."""
    data = b"displayName: Caf\xe9\n"
    result = co_lint("--fix", "-", cwd=tmp_path, stdin=data, PYTHONIOENCODING=encoding)
    assert result.returncode == 1, result.stderr
    assert result.stdout == data
    fixed = co_lint("--fix", "-", cwd=tmp_path, stdin=ACCENTED, PYTHONIOENCODING=encoding)
    assert fixed.returncode in (0, 1), fixed.stderr
    (tmp_path / "a.yaml").write_bytes(ACCENTED)
    co_lint("--fix", "a.yaml", cwd=tmp_path)
    assert fixed.stdout == (tmp_path / "a.yaml").read_bytes() != ACCENTED
