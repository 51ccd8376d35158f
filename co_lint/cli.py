"""The command line, kept thin: click parses options, ``co_lint.app`` does the work.

``co-lint [PATHS]...`` lints; ``co-lint rules`` lists the rules; ``co-lint rule ID``
explains one. Heavy modules are imported inside the commands so that ``--version`` and
``--help`` stay fast.
"""

from __future__ import annotations

import os
import sys

import click

from co_lint import __version__

# One list of subcommands: entry.py routes plain paths past click.
from co_lint.entry import SUBCOMMANDS as _SUBCOMMANDS
from co_lint.entry import annotate, use_color


class _LintByDefault(click.Group):
    """``co-lint PATHS`` means ``co-lint lint PATHS`` unless a subcommand is named."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in _SUBCOMMANDS and args[0] not in ("--help", "-h")):
            args = ["lint", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_LintByDefault, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="co-lint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint Twilio Conversation Orchestrator configurations (JSON or YAML).

    \b
    co-lint [OPTIONS] [PATHS]...   lint files and directories (default: .)
    co-lint rules                  list every rule
    co-lint rule CO201             explain one rule
    co-lint schema                 print the JSON Schema (for editors)
    co-lint match --channel SMS --from A --to B
                                   which configuration captures this traffic, and why not
    co-lint export DIR             write a Twilio account's configurations into DIR
    co-lint --live [PATHS]...      lint, and compare the files with the account (CO8xx)
    """


def _api_options(command):
    """``--api-url`` and ``--api-timeout``, shared by the commands that read a Twilio account."""
    command = click.option(
        "--api-timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        metavar="SECONDS",
        help="Timeout of each request to Twilio (default: 30).",
    )(command)
    return click.option(
        "--api-url",
        metavar="URL",
        envvar="CO_LINT_API_URL",
        help="Send every Twilio API request to this scheme and host instead (a proxy, a test server).",
    )(command)


@main.command("lint", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default=None,
    envvar="CO_LINT_FORMAT",
    help="Output format (default: text).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--select", multiple=True, help="Only these rule ids or prefixes (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes (comma-separated; repeatable).")
@click.option(
    "--fail-level",
    type=click.Choice(["error", "warning", "note"]),
    default=None,
    help="Exit 1 when a finding is at or above this level (default: warning).",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="Settings file (default: nearest .co-lint.yaml or pyproject.toml).",
)
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False), help="Load extra rule modules from DIR.")
@click.option("--no-color", is_flag=True, help="Never colour the text output (NO_COLOR is honoured too).")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not read or write .co-lint-cache/ (parsed files and results of unchanged files).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for large runs (default: one per core from 200 files on; 1: none).",
)
@click.option(
    "--sarif-category",
    metavar="CATEGORY",
    help="SARIF automationDetails.id, to upload several co-lint runs for one commit (monorepos).",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (CO003, CO201, CO202, CO401).")
@click.option("--diff", is_flag=True, help="Print the fixes --fix would apply as a unified diff; change nothing.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record every current finding in this file (for --baseline) and exit 0.",
)
@click.option("--stdin-filename", metavar="NAME", help="The file name a configuration read from stdin (-) stands for.")
@click.option(
    "--base",
    metavar="REV",
    help="Also compare each configuration with its version at this git revision (CO7xx), e.g. origin/main.",
)
@click.option(
    "--live",
    is_flag=True,
    help="Also compare the files with the Twilio account of TWILIO_* credentials (CO8xx; co-lint[live]).",
)
@_api_options
@click.version_option(__version__, "--version", prog_name="co-lint", message="%(prog)s %(version)s")
def lint(
    paths,
    format_,
    output,
    select,
    ignore,
    fail_level,
    config,
    rules_dir,
    no_color,
    sarif_category,
    no_cache,
    jobs,
    **everyday,
) -> None:
    """Lint configuration files and directories (default: the current directory)."""
    from co_lint.app import Options, run

    options = Options(
        paths=list(paths),
        format=format_ or "text",
        output=output,
        select=list(select) or None,
        ignore=list(ignore) or None,
        fail_level=fail_level,
        config=config,
        rules_dirs=list(rules_dir),
        color=use_color(no_color, output, os.environ, sys.stdout),
        sarif_category=sarif_category,
        no_cache=no_cache,
        jobs=jobs,
        **everyday,
        annotations=annotate(format_, os.environ),
    )
    sys.exit(run(options))


@main.command("export", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--format", "format_", type=click.Choice(["yaml", "json"]), default="yaml", help="File format (default: yaml)."
)
@click.option("--force", is_flag=True, help="Overwrite files that differ from what the export would write.")
@_api_options
def export_command(directory, format_, force, api_url, api_timeout) -> None:
    """Write every configuration of the Twilio account into DIRECTORY, one file each.

    Credentials come from TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN, or TWILIO_API_KEY +
    TWILIO_API_SECRET (+ TWILIO_ACCOUNT_SID). Exit 0: every file written or already up to date;
    1: some files differ and were kept (--force overwrites them); 2: the account cannot be read.
    """
    from co_lint.live.command import run_export

    sys.exit(run_export(directory, format_, force, api_url, api_timeout))


@main.command("rules")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file.")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False), help="Load extra rule modules from DIR.")
@click.option("--markdown", is_flag=True, help="Print the full reference page (docs/rules.md).")
def rules_command(config, rules_dir, markdown) -> None:
    """List every rule: id, name, level, whether enabled, summary."""
    from co_lint.app import Options, UsageError, build_settings, load_rules
    from co_lint.reporters.printable import error_line

    try:
        settings = build_settings(Options(config=config, rules_dirs=list(rules_dir)))
        definitions = load_rules(settings)
    except UsageError as exc:
        click.echo(error_line(exc), err=True)
        sys.exit(2)
    if markdown:
        from co_lint.docs import render_markdown

        click.echo(render_markdown(definitions), nl=False)
        return
    for d in definitions:
        state = "" if settings.rule_enabled(d.id) else "  (disabled)"
        level = settings.levels.get(d.id, d.rule.level)
        click.echo(f"{d.id}  {d.rule.name:<36} {level:<8} {d.rule.summary}{state}")


@main.command("rule")
@click.argument("rule_id")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False), help="Load extra rule modules from DIR.")
def rule_command(rule_id, rules_dir) -> None:
    """Explain one rule (its full documentation)."""
    from co_lint.app import Options, UsageError, build_settings, load_rules
    from co_lint.reporters.printable import error_line

    try:
        definitions = load_rules(build_settings(Options(rules_dirs=list(rules_dir))))
    except UsageError as exc:
        click.echo(error_line(exc), err=True)
        sys.exit(2)
    wanted = rule_id.upper()
    for d in definitions:
        if d.id == wanted or d.rule.name == rule_id.lower():
            click.echo(f"# {d.id} {d.rule.name} ({d.rule.level})\n\n{d.explanation}")
            return
    click.echo(error_line(f"unknown rule {rule_id!r} (see `co-lint rules`)"), err=True)
    sys.exit(2)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a configuration (for editors: see the README)."""
    from co_lint.schemas import SCHEMA_PATH

    click.echo(SCHEMA_PATH.read_text(encoding="utf-8"), nl=False)


@main.command("match", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--channel", help="VOICE, SMS, RCS, WHATSAPP or CHAT.")
@click.option("--from", "from_", metavar="ADDRESS", help="The sender, exactly as Twilio reports it.")
@click.option("--to", metavar="ADDRESS", help="The recipient, exactly as Twilio reports it.")
@click.option("--call-type", metavar="TYPE", help="VOICE: PSTN (default), CLIENT, PUBLIC_SIP or SIP.")
@click.option("--chat-service", metavar="IS…", help="CHAT: the Conversations service of the message.")
@click.option(
    "--traffic",
    "traffic_file",
    metavar="FILE",
    help="Several queries: one JSON object a line (channel, from, to, callType, chatService); - for stdin.",
)
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (default: as for a lint run).")
@click.option("--scope", help="Only the configurations of this scope of the settings.")
def match_command(paths, channel, from_, to, call_type, chat_service, traffic_file, format_, config, scope) -> None:
    """Which configuration captures this traffic, and why not (exit 0: exactly one does)."""
    from co_lint.match import MatchOptions, run

    given = {"channel": channel, "from": from_, "to": to, "callType": call_type, "chatService": chat_service}
    options = MatchOptions(
        paths=list(paths),
        traffic={key: value for key, value in given.items() if value is not None},
        traffic_file=traffic_file,
        format=format_,
        config=config,
        scope=scope,
    )
    sys.exit(run(options))
