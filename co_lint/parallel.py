"""Given files are checked one by one: in worker processes for large runs, or from the cache.

Reading, the schema step and the per-configuration rules of one file need nothing from
any other file, and they are most of a large run. :func:`check_file` does that work for one
file and returns a :class:`FileResult`: the file's located findings (with their safe fixes
attached) and its parsed, repaired values. This process and forked workers
(:mod:`co_lint.pool`; forked, so they start with every module and rule already imported)
run it on chunks of files; a run with the results cache
(:mod:`co_lint.cache`) reads the results of unchanged files back instead. Either way
:func:`gather` turns the results into sources and configurations for the
cross-configuration rules, and positions in them come back on demand from the text
(:class:`co_lint.loader.YamlLocator` recomposes a document when asked).

The output is the same as the plain single-process run, finding for finding
(``tests/test_parallel.py``, ``tests/test_cache.py``); small runs never start a pool, since
starting one costs more than it saves below a few hundred files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from co_lint.engine import Engine, clamp_spans
from co_lint.fixes import FIXABLE, attach_fixes
from co_lint.jsonspans import JsonLocator
from co_lint.loader import Document, SourceFile, YamlLocator, content_digest, load_file, read_bytes
from co_lint.model import Configuration
from co_lint.overlap import claimed_sides
from co_lint.suppress import MARK
from co_lint.types import Finding

#: Below this many files a pool costs more than it saves (measured with multiprocessing's pool:
#: ~60 ms to fork two workers; not measured again since co_lint.pool replaced it).
MIN_FILES = 200
_CHUNK = 48

_engine: Engine | None = None
_digest = True
_reported = True


class FileResult(NamedTuple):
    """What checking one given file produced, in a form that crosses process boundaries."""

    path: str
    display: str
    kind: str | None
    #: A one-line read error (the other fields are then empty).
    error: str | None
    #: The text, kept only when it holds a suppression comment (memory: 10,000 files keep none).
    text: str | None
    documents: list[tuple[int, Any]]
    findings: list[Finding]
    #: (size, mtime in ns) read before the content, and the content's digest: the cache key.
    stamp: tuple[int, int] | None = None
    digest: str | None = None
    #: Per document, the addresses CO301's counting pass reads
    #: (:func:`co_lint.overlap.claimed_sides`), when the run has CO301; else None.
    sides: list[Any] | None = None


def workers_for(files: int, jobs: int | None) -> int:
    """How many worker processes to use for ``files`` files (0: check them in this process)."""
    if jobs is not None:
        return jobs if jobs > 1 and files > 1 else 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if cores > 1 and files >= MIN_FILES else 0


def check_file(engine: Engine, path: str, display: str, digest: bool = True, reported: bool = True) -> FileResult:
    """Read, parse and check one reported file: input, schema and per-configuration findings.

    ``digest``: the content's digest, which only the results cache reads (a run without the
    cache skips hashing every file). Not ``reported``: a project file nobody named, read for
    the cross-configuration rules only (:func:`load_in_workers`): through the schema step,
    which repairs values, and no rule; its findings are its input findings, which the
    project cache reads (it keeps no file that has some)."""
    try:
        data, status = read_bytes(path)
    except OSError as exc:
        return FileResult(path, display, None, f"cannot read: {exc.strerror or exc}", None, [], [])
    source = load_file(Path(path), display, data)
    if not reported:
        engine.check_files([source], lambda display: False)
        documents = [(document.index, document.value) for document in source.documents]
        source.documents = []  # no cycle left behind (see below)
        return FileResult(path, display, source.kind, None, None, documents, source.findings)
    findings, _ = engine.check_files([source])
    clamp_spans(findings, [source])
    if any(finding.rule_id in FIXABLE for finding in findings):
        # Here the text is at hand (the parent would read and parse the file again).
        attach_fixes(findings, {display: source})
    documents = [(document.index, document.value) for document in source.documents]
    # The run keeps the cyclic collector off (co_lint.app): a source and its documents point
    # at each other, and this process keeps checking files, so the cycle is broken here.
    source.documents = []
    # The parent needs the text only to read suppression comments; positions it may
    # still need are read from the file again.
    text = source.text if source.text is not None and MARK in source.text else None
    stamp = (status.st_size, status.st_mtime_ns)
    # CO301 counts every configuration's addresses in the parent; reading them here (from
    # the repaired values) takes that scan off the parent's serial path.
    sides = [claimed_sides(value) for _, value in documents] if engine.is_enabled("CO301") else None
    return FileResult(
        path,
        display,
        source.kind,
        None,
        text,
        documents,
        findings,
        stamp,
        content_digest(data) if digest else None,
        sides,
    )


def _check_chunk(chunk: list[tuple[str, str]]) -> list[FileResult]:
    assert _engine is not None
    return [check_file(_engine, path, display, _digest, _reported) for path, display in chunk]


def check_here(engine: Engine, files: list[tuple[Path, str]], digest: bool = True) -> list[FileResult]:
    """:func:`check_file` on each file, in this process (a small run, or few cache misses)."""
    return [check_file(engine, str(path), display, digest) for path, display in files]


def check_in_workers(
    engine: Engine, files: list[tuple[Path, str]], workers: int, digest: bool = True, reported: bool = True
) -> list[FileResult]:
    """:func:`check_file` on each file in this process and ``workers - 1`` forked ones
    (:mod:`co_lint.pool`); results in the files' order."""
    from co_lint import pool

    global _engine, _digest, _reported
    _engine, _digest, _reported = engine, digest, reported
    size = pool.chunk_size(len(files), _CHUNK)
    chunks = [[(str(path), display) for path, display in files[i : i + size]] for i in range(0, len(files), size)]
    try:
        return [result for chunk in pool.run(_check_chunk, chunks, workers) for result in chunk]
    finally:
        _engine, _digest, _reported = None, True, True


def load_in_workers(engine: Engine, files: list[tuple[Path, str]], workers: int) -> list[SourceFile | None]:
    """Project files nobody named, read and put through the schema step in workers: the
    other 999 configurations of a pre-commit run with no cache, which the parent would
    otherwise parse one by one. Sources as :func:`gather` makes them (values, positions on
    demand; their input findings kept for the cache), in the files' order; None for a file
    that cannot be read (a project file is then left out, as when the parent reads it)."""
    loaded: list[SourceFile | None] = []
    results = check_in_workers(engine, files, workers, digest=False, reported=False)
    for (path, _), result in zip(files, results, strict=True):
        if result.error is not None:
            loaded.append(None)
            continue
        sources, _, _, _ = gather([result], [path])
        source = sources[0]
        source.findings = result.findings
        loaded.append(source)
    return loaded


def gather(
    results: list[FileResult], paths: list[Path] | None = None
) -> tuple[list[SourceFile], list[Finding], list[Configuration], list[str]]:
    """The sources (values and text, positions on demand), findings (input, schema and
    per-configuration rules; not yet finished), configurations and one-line read errors of
    checked files, for the cross-configuration rules and the rest of the run.

    ``paths``: the files' paths as the caller has them, one a result (a result carries its
    path as a string: making a :class:`~pathlib.Path` of it again was half of this function's
    time, which the parent of a large run spends alone after its workers are done).
    """
    sources: list[SourceFile] = []
    findings: list[Finding] = []
    configs: list[Configuration] = []
    errors: list[str] = []
    for number, result in enumerate(results):
        if result.error is not None:
            errors.append(f"{result.display}: {result.error}")
            continue
        text, kind = result.text, result.kind
        path = paths[number] if paths is not None else Path(result.path)
        source = SourceFile(path=path, display=result.display, text=text, kind=kind, cached=True)
        sides = result.sides
        for position, (index, value) in enumerate(result.documents):
            locator = JsonLocator(text, source.path) if kind == "json" else YamlLocator(None, source, index)
            document = Document(source, index, value, locator)
            source.documents.append(document)
            config = Configuration(document)
            if sides is not None:
                config.__dict__["claimed_sides"] = sides[position]  # the cached_property's value
            configs.append(config)
        sources.append(source)
        findings.extend(result.findings)
    return sources, findings, configs, errors
