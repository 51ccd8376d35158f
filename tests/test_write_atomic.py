"""``write_atomic``: what replacing a file must keep (reports, baselines, ``--fix``, exports).

A replaced file is a new inode. These tests pin what a user would otherwise lose: the other
names of a hard-linked file, and the owner of a file written by another user (root fixing
someone's checkout), which ``co-lint --fix`` kept when it wrote in place.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from co_lint.reporters import write_atomic

CO_LINT = str(Path(sys.executable).with_name("co-lint"))


def test_a_new_file_is_written(tmp_path):
    target = tmp_path / "new.json"
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"


def test_a_file_is_replaced_by_a_new_inode(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old\n")
    before = target.stat().st_ino
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n" and target.stat().st_ino != before


def test_a_hard_linked_file_is_written_in_place_and_every_name_sees_it(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    other = tmp_path / "b.yaml"
    os.link(target, other)
    write_atomic(target, b"new\n")
    assert other.read_text() == "new\n"
    assert target.stat().st_ino == other.stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]  # no temporary left


def test_fix_keeps_the_other_names_of_a_hard_linked_configuration(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "displayName: A\nintelligenceConfigurationIds: []\nchannelSettings:\n  SMS:\n    captureRules:\n"
        "    - from: '+12065550134'\n      to: '*'\n"
    )
    os.link(tmp_path / "a.yaml", tmp_path / "linked.yaml.bak")
    result = subprocess.run(
        [CO_LINT, "--no-cache", "--fix", "--select", "CO201", "a.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    fixed = (tmp_path / "a.yaml").read_text()
    assert "to: '+12065550134'" in fixed
    assert (tmp_path / "linked.yaml.bak").read_text() == fixed


@pytest.fixture
def foreign_file(tmp_path):
    """A file owned by another user and group (the test runs as root, as CI does)."""
    if os.geteuid() != 0:
        pytest.fail("these tests give a file to another user: run them as root (CI does)")
    target = tmp_path / "theirs.yaml"
    target.write_text("old\n")
    os.chown(target, 4242, 4343)
    return target


def test_a_replaced_file_keeps_its_owner_and_group(foreign_file):
    before = foreign_file.stat().st_ino
    write_atomic(foreign_file, "new\n")
    status = foreign_file.stat()
    assert foreign_file.read_text() == "new\n"
    assert (status.st_uid, status.st_gid) == (4242, 4343)
    assert status.st_ino != before  # replaced, not written in place


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(errno.EPERM, "Operation not permitted"),  # a user's, not root's, run
        OSError(errno.EINVAL, "Invalid argument"),  # an owner unknown in a user namespace
        OSError(errno.EOPNOTSUPP, "Operation not supported"),  # a file system without owners
    ],
)
def test_a_file_whose_owner_cannot_be_kept_is_written_in_place(foreign_file, monkeypatch, error):
    """A user may write another's group-writable file but not give a file away: in place."""

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, "fchown", refuse)
    before = foreign_file.stat().st_ino
    write_atomic(foreign_file, "new\n")
    status = foreign_file.stat()
    assert foreign_file.read_text() == "new\n"
    assert (status.st_uid, status.st_gid, status.st_ino) == (4242, 4343, before)
    assert [p.name for p in foreign_file.parent.iterdir()] == ["theirs.yaml"]  # no temporary left


def test_a_replaced_file_keeps_its_set_id_bits(foreign_file):
    """chown clears the set-user-id and set-group-id bits: the mode is set after the owner."""
    foreign_file.chmod(0o6755)
    write_atomic(foreign_file, "new\n")
    assert stat.S_IMODE(foreign_file.stat().st_mode) == 0o6755


def test_owner_and_mode_are_set_on_the_open_file_never_through_its_name(foreign_file, monkeypatch):
    """In a directory another user can write, the temporary file's name may be swapped for a
    symbolic link to a file of root's between its creation and its renaming: owner and mode
    must go to the file co-lint wrote, whatever the name points to by then."""
    victim = foreign_file.parent.parent / "victim"
    victim.write_text("secret\n")
    victim.chmod(0o600)
    real_fsync = os.fsync

    def swap(descriptor):  # what the other user does while co-lint waits for the disk
        real_fsync(descriptor)
        (temporary,) = [p for p in foreign_file.parent.iterdir() if p.name.endswith(".tmp")]
        temporary.unlink()
        temporary.symlink_to(victim)

    monkeypatch.setattr(os, "fsync", swap)
    with pytest.raises(FileExistsError, match="replaced by another"):
        write_atomic(foreign_file, "new\n")
    status = victim.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (0, 0, 0o600)
    assert victim.read_text() == "secret\n"
    # The link was not renamed into the configuration's place.
    assert not foreign_file.is_symlink() and foreign_file.read_text() == "old\n"
