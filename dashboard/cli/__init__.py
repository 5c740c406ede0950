"""`python -m dashboard COMMAND`: set up and manage the practice from a terminal.

One module per group of commands (setting up, couples, files in and out, maintenance); each
adds its commands to the parser and names the handler that runs each. `common` holds what they
share. Handlers return the exit code; bad input ends in one line, `error: <reason>`, and code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dashboard import settings as settings_module
from dashboard import startup
from dashboard.cli import couples, maintenance, setting_up, transfers
from dashboard.cli.common import CommandError, OneLineParser
from dashboard.errors import InvalidInput

GROUPS = (setting_up, couples, transfers, maintenance)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = OneLineParser(
        prog="python -m dashboard",
        description="Practice dashboard for couples therapists: set up and manage from a terminal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit non-zero with a one-line reason on bad input."""
    args = build_parser().parse_args(argv)
    startup.configure()
    try:
        return args.handler(args)
    except (InvalidInput, CommandError, settings_module.SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
