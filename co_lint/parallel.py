"""Large runs use every core: files are checked in worker processes, cross-file rules in one.

Reading, the schema step and the per-configuration rules of one file need nothing from
any other file, and they are most of a large run. Workers (forked, so they start with
every module and rule already imported) return each file's located findings and its
parsed, repaired values; the parent builds the project's configurations from those values
for the cross-configuration rules, and positions in them come back on demand from the
text (:class:`co_lint.loader.YamlLocator` recomposes a document when asked).

The output is the same as a single-process run, finding for finding
(``tests/test_parallel.py``); small runs never start a pool, since starting one costs
more than it saves below a few hundred files.
"""

from __future__ import annotations

import os
from pathlib import Path

from co_lint.engine import Engine, clamp_spans
from co_lint.jsonspans import JsonLocator
from co_lint.loader import Document, SourceFile, YamlLocator, load_file
from co_lint.model import Configuration
from co_lint.suppress import MARK
from co_lint.types import Finding

#: Below this many files a pool costs more than it saves (measured: ~60 ms to fork two workers).
MIN_FILES = 200
_CHUNK = 48

_engine: Engine | None = None


def workers_for(files: int, jobs: int | None) -> int:
    """How many worker processes to use for ``files`` files (0: check them in this process)."""
    if jobs is not None:
        return jobs if jobs > 1 and files > 1 else 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if cores > 1 and files >= MIN_FILES else 0


def _check_chunk(chunk: list[tuple[str, str]]) -> list[tuple]:
    assert _engine is not None
    results = []
    for path, display in chunk:
        try:
            source = load_file(Path(path), display)
        except OSError as exc:
            results.append((path, display, None, f"cannot read: {exc.strerror or exc}", None, None, None))
            continue
        findings, _ = _engine.check_files([source])
        clamp_spans(findings, [source])
        documents = [(document.index, document.value) for document in source.documents]
        # The parent needs the text only to read suppression comments; positions it may
        # still need are read from the file again (memory: a 10,000-file run keeps no texts).
        text = source.text if source.text is not None and MARK in source.text else None
        results.append((path, display, source.kind, None, text, documents, findings))
    return results


def check_in_workers(
    engine: Engine, files: list[tuple[Path, str]], workers: int
) -> tuple[list[SourceFile], list[Finding], list[Configuration], list[str]]:
    """Check ``files`` (all reported) in ``workers`` processes.

    Returns their sources (values and text, positions on demand), their findings (input,
    schema, per-configuration rules; not yet finished), their configurations for the
    cross-configuration rules, and one-line read errors.
    """
    import multiprocessing

    global _engine
    _engine = engine
    chunks = [[(str(path), display) for path, display in files[i : i + _CHUNK]] for i in range(0, len(files), _CHUNK)]
    sources: list[SourceFile] = []
    findings: list[Finding] = []
    configs: list[Configuration] = []
    errors: list[str] = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for results in pool.imap(_check_chunk, chunks):
            for path, display, kind, error, text, documents, found in results:
                if error is not None:
                    errors.append(f"{display}: {error}")
                    continue
                source = SourceFile(path=Path(path), display=display, text=text, kind=kind, cached=True)
                for index, value in documents:
                    locator = JsonLocator(text, source.path) if kind == "json" else YamlLocator(None, source, index)
                    document = Document(source, index, value, locator)
                    source.documents.append(document)
                    configs.append(Configuration(document))
                sources.append(source)
                findings.extend(found)
    _engine = None
    return sources, findings, configs, errors
