"""A configuration at the base revision no longer exists.

## What it does
With `--base REV`, reports a configuration file that existed at `REV` and is now deleted, and a
configuration (a YAML document) that is no longer in a file that still exists. A renamed or
moved file is not a deletion: git's rename detection pairs it with its old path.

A deleted file is reported when it lies under a directory given on the command line or in the
project set (the settings' `include` globs; without settings, the repository's JSON and YAML
files), and one of its documents looks like a configuration (`channelSettings`,
`conversationGroupingType` or `memoryStoreId` at the top level). It has no current text, so the
finding is placed at line 1, column 1 of the deleted path: per-file ignores and baselines match
it by that path. A configuration removed from a multi-document file is reported at the first key
of the file's first configuration. Documents are paired by `id`, then `displayName`, then in
order; two documents with different `id`s are never paired.

## Why is this bad?
Deleting the file does not delete the live configuration. If a sync tool deploys the directory,
the next deploy deletes the live configuration — and its traffic stops being captured; if nothing
does, the live configuration is orphaned: it still captures traffic, but no file describes it
any more. Either way the change deserves a look in review.

## Example
```text
$ git rm configs/pier.yaml
$ co-lint --base origin/main configs/
configs/pier.yaml:1:1: CO706 [note] deleted since origin/main: the file held configuration 'Pier Desk' …
```

## How to fix
Nothing if the configuration should go: delete it on the account too (or let the sync tool do
it). Otherwise restore the file, or move it with `git mv` so the move is followed.

## References
- https://www.twilio.com/docs/api/conversations/v2/configuration/delete-configuration
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from co_lint.rule import Rule

# Reported by co_lint.changes: a deleted configuration has no current configuration to hand a rule.
RULE = Rule(
    id="CO706",
    name="configuration-deleted",
    level="note",
    summary="A configuration at the --base revision no longer exists (the file or its document is gone).",
    tags=("change",),
)
