"""`python -m dashboard COMMAND`: set up, load the demo and manage the practice from a terminal."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date

from dashboard import settings as settings_module
from dashboard import startup
from dashboard.data.database import Database
from dashboard.errors import InvalidInput

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class CommandError(Exception):
    """A one-line reason a command refused its input."""


def command(name: str):
    """Register a handler for a subcommand."""

    def register(handler: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = handler
        return handler

    return register


def parse_day(text: str) -> date:
    """An ISO date (YYYY-MM-DD) for argparse."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {text!r}") from None


def open_database(*, migrate: bool = False) -> Database:
    """The configured database; with migrate, brought to the newest schema first."""
    from dashboard.data import migrate as migrations

    db = Database.from_url(settings_module.load_settings().db_url)
    if migrate:
        migrations.upgrade(db)
    elif migrations.current_revision(db) != migrations.head_revision():
        raise CommandError("the database is not set up or is out of date; run `python -m dashboard init`")
    return db


@command("init")
def cmd_init(args: argparse.Namespace) -> int:
    """Create or upgrade the database and create local secrets on first run."""
    current = settings_module.load_settings()
    if settings_module.ensure_secrets(current.secrets_path):
        print(f"Created {current.secrets_path} with fresh random keys (keep it private).")
    db = open_database(migrate=True)
    print(f"Database ready at {db.engine.url.render_as_string(hide_password=True)}")
    return 0


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    """Load the demo practice (idempotent)."""
    from dashboard.sample_data import demo

    db = open_database(migrate=True)
    created = demo.load_demo(db=db, today=args.today or date.today())
    if created:
        print(f"Loaded the demo practice: clinician '{demo.DEMO_USERNAME}', six couples.")
    else:
        print("The demo practice is already loaded.")
    print(f"Log in as '{demo.DEMO_USERNAME}' with password '{demo.DEMO_PASSWORD}'.")
    return 0


@command("add-clinician")
def cmd_add_clinician(args: argparse.Namespace) -> int:
    """Create a clinician account; the password comes from a prompt or DASHBOARD_PASSWORD."""
    from dashboard.data import services

    password = os.environ.get("DASHBOARD_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CommandError("no password: set DASHBOARD_PASSWORD or run in a terminal")
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            raise CommandError("the two passwords differ")
    db = open_database()
    services.add_clinician(db=db, username=args.username, name=args.name or args.username,
                           password=password, role="admin" if args.admin else "clinician")
    print(f"Added {'admin' if args.admin else 'clinician'} {args.username.strip().lower()}.")
    return 0


@command("add-couple")
def cmd_add_couple(args: argparse.Namespace) -> int:
    """Create a couple with partners A and B for a clinician."""
    from dashboard.data import services

    db = open_database()
    services.add_couple(
        db=db, clinician=args.clinician, code=args.code,
        display_name=args.name or f"{args.partner_a} & {args.partner_b}",
        partner_a=services.NewPartner(args.partner_a, args.leaning_a),
        partner_b=services.NewPartner(args.partner_b, args.leaning_b),
    )
    print(f"Added couple {args.code.strip().upper()}.")
    return 0


@command("add-session")
def cmd_add_session(args: argparse.Namespace) -> int:
    """Record a therapy session for a couple."""
    from dashboard.data import services

    db = open_database()
    services.add_session(db=db, clinician=args.clinician, code=args.couple, day=args.day,
                         focus=args.focus)
    print(f"Recorded the session of {args.day.isoformat()} for {args.couple.strip().upper()}.")
    return 0


@command("list-couples")
def cmd_list_couples(args: argparse.Namespace) -> int:
    """List the clinician's couples."""
    from dashboard.data import queries

    db = open_database()
    with db.read() as session:
        queries.active_clinician(session, args.clinician)
        couples = queries.list_couples(session=session, clinician=args.clinician,
                                       include_archived=args.archived)
    if couples.empty:
        print("No couples.")
        return 0
    for row in couples.itertuples():
        last = row.last_session.isoformat() if row.last_session else "none"
        archived = "  (archived)" if row.archived else ""
        print(f"{row.code:<10} {row.display_name:<32} last session {last}{archived}")
    return 0


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose refusals are one line: `error: <reason>` (see --help)."""

    def error(self, message: str):
        self.exit(2, f"error: {self.prog}: {message} (see --help)\n")


@command("metrics")
def cmd_metrics(args: argparse.Namespace) -> int:
    """Print a couple's pattern metrics per interval (the numbers the pages show)."""
    import json

    from dashboard.data import reports

    db = open_database()
    as_of = args.as_of or date.today()
    with db.read() as session:
        queries_module().active_clinician(session, args.clinician)
        found = reports.couple_metrics_json(session=session, clinician=args.clinician,
                                            code=args.couple, as_of=as_of)
    if args.json:
        print(json.dumps(found, indent=2, allow_nan=False))
        return 0
    print(f"Couple {found['couple']} as of {as_of.isoformat()}")
    for interval in found["intervals"]:
        end = interval["end"] or "open"
        print(f"  interval {interval['index']}: {interval['start']} to {end}, "
              f"{interval['paired_days']} paired days, polarization "
              f"{_fmt(interval['polarization'])}, cycle intensity "
              f"{_fmt(interval['cycle_intensity'])}")
    return 0


@command("generate-scale")
def cmd_generate_scale(args: argparse.Namespace) -> int:
    """Load a practice at scale for benchmarks (default 50 clinicians x 40 couples x 1 year)."""
    import time

    from dashboard.sample_data import scale

    db = open_database(migrate=True)
    plan = scale.ScalePlan(clinicians=args.clinicians, couples=args.couples, days=args.days,
                           seed=args.seed, end=args.end or date.today())
    started = time.perf_counter()
    counts = scale.load_practice(db=db, plan=plan, progress=lambda step: print(f"... {step}"))
    print(f"Loaded the scale practice in {time.perf_counter() - started:.0f} s: "
          + ", ".join(scale.describe(counts)) + ".")
    print(f"Clinicians {scale.username(1)} to {scale.username(plan.clinicians)} share the "
          f"password '{scale.SCALE_PASSWORD}'.")
    return 0


@command("checkin-link")
def cmd_checkin_link(args: argparse.Namespace) -> int:
    """Create (or renew) a partner's check-in link and print its URL, or revoke it."""
    from dashboard.data import links

    current = settings_module.load_settings()
    db = open_database()
    code = args.couple.strip().upper()
    if args.revoke:
        revoked = links.revoke_link(db=db, clinician=args.clinician, code=code,
                                    partner=args.partner)
        print(f"Revoked the check-in link of partner {args.partner} of {code}." if revoked
              else f"Partner {args.partner} of {code} had no working link; nothing to revoke.")
        return 0
    issued = links.issue_link(db=db, clinician=args.clinician, code=code, partner=args.partner,
                              base_url=args.base_url or current.base_url, days=current.link_days)
    print(issued.url)
    print(f"{'Renewed' if issued.renewed else 'Created'} for partner {args.partner} of {code}; "
          f"valid until {issued.expires_at:%Y-%m-%d}.", file=sys.stderr)
    return 0


@command("import-checkins")
def cmd_import_checkins(args: argparse.Namespace) -> int:
    """Import check-ins from a CSV file into the clinician's couples: every row or none."""
    from pathlib import Path

    from dashboard.data import check_in_import

    db = open_database()
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    run = check_in_import.preview_import if args.dry_run else check_in_import.import_check_ins
    try:
        result = run(db=db, clinician=args.clinician, data=data, today=date.today(),
                     limits=check_in_import.import_limits())
    except check_in_import.ImportRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        for problem in refused.errors:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(("Nothing was written (dry run): " if args.dry_run else "") + result.summary())
    return 0


@command("export-checkins")
def cmd_export_checkins(args: argparse.Namespace) -> int:
    """Write a couple's check-ins as CSV (reflections only with --with-reflections)."""
    from pathlib import Path

    from dashboard.exports import check_ins_csv

    db = open_database()
    text = check_ins_csv.export_check_ins(db=db, clinician=args.clinician, code=args.couple,
                                        include_reflections=args.with_reflections)
    if not args.out:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise CommandError(f"cannot write {args.out}: {error.strerror}") from None
    rows = text.count("\n") - 1
    print(f"Wrote {rows} check-ins of {args.couple.strip().upper()} to {args.out} "
          f"({'with' if args.with_reflections else 'without'} reflections).")
    return 0


@command("report")
def cmd_report(args: argparse.Namespace) -> int:
    """Write a couple's progress report as PDF (no reflections, no session notes)."""
    from pathlib import Path

    from dashboard.exports import progress_report

    db = open_database()
    pdf = progress_report.build_progress_report(db=db, clinician=args.clinician, code=args.couple,
                                                start=args.from_day, end=args.to_day)
    try:
        Path(args.out).write_bytes(pdf)
    except OSError as error:
        raise CommandError(f"cannot write {args.out}: {error.strerror}") from None
    print(f"Wrote the progress report of {args.couple.strip().upper()} to {args.out}.")
    return 0


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def queries_module():
    """The queries module, imported when a command needs it."""
    from dashboard.data import queries

    return queries


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = OneLineParser(
        prog="python -m dashboard",
        description="Practice dashboard for couples therapists: set up and manage from a terminal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser("init", help=cmd_init.__doc__, description=cmd_init.__doc__)
    demo = sub.add_parser("demo", help=cmd_demo.__doc__, description=cmd_demo.__doc__)
    demo.add_argument("--today", type=parse_day, help="load as if today were DAY (YYYY-MM-DD)")

    clinician = sub.add_parser("add-clinician", help=cmd_add_clinician.__doc__,
                               description=cmd_add_clinician.__doc__)
    clinician.add_argument("username")
    clinician.add_argument("--name", help="full name shown in the app")
    clinician.add_argument("--admin", action="store_true", help="create an admin account")

    couple = sub.add_parser("add-couple", help=cmd_add_couple.__doc__,
                            description=cmd_add_couple.__doc__)
    couple.add_argument("--clinician", required=True, metavar="USERNAME")
    couple.add_argument("--code", required=True, help="pseudonymous code, e.g. C-014")
    couple.add_argument("--name", help="display name (default: the partners' names)")
    couple.add_argument("--partner-a", required=True, metavar="NAME")
    couple.add_argument("--partner-b", required=True, metavar="NAME")
    for label in ("a", "b"):
        couple.add_argument(f"--leaning-{label}", default="unknown",
                            choices=["pursuer", "withdrawer", "mixed", "unknown"])

    session = sub.add_parser("add-session", help=cmd_add_session.__doc__,
                             description=cmd_add_session.__doc__)
    session.add_argument("--clinician", required=True, metavar="USERNAME")
    session.add_argument("--couple", required=True, metavar="CODE")
    session.add_argument("--day", required=True, type=parse_day, help="YYYY-MM-DD")
    session.add_argument("--focus", default="", help="the session's focus, one line")

    listing = sub.add_parser("list-couples", help=cmd_list_couples.__doc__,
                             description=cmd_list_couples.__doc__)
    listing.add_argument("--clinician", required=True, metavar="USERNAME")
    listing.add_argument("--archived", action="store_true", help="include archived couples")
    numbers = sub.add_parser("metrics", help=cmd_metrics.__doc__, description=cmd_metrics.__doc__)
    numbers.add_argument("--clinician", required=True, metavar="USERNAME")
    numbers.add_argument("--couple", required=True, metavar="CODE")
    numbers.add_argument("--json", action="store_true", help="print the JSON object")
    numbers.add_argument("--as-of", type=parse_day, metavar="DAY",
                         help="compute as of DAY (YYYY-MM-DD; default today)")
    link = sub.add_parser("checkin-link", help=cmd_checkin_link.__doc__,
                          description=cmd_checkin_link.__doc__)
    link.add_argument("--clinician", required=True, metavar="USERNAME")
    link.add_argument("--couple", required=True, metavar="CODE")
    link.add_argument("--partner", required=True, choices=["A", "B"], type=str.upper)
    link.add_argument("--base-url", metavar="URL",
                      help="address partners open (default DASHBOARD_BASE_URL)")
    link.add_argument("--revoke", action="store_true", help="stop the partner's link instead")
    scale = sub.add_parser("generate-scale", help=cmd_generate_scale.__doc__,
                           description=cmd_generate_scale.__doc__)
    scale.add_argument("--clinicians", type=int, default=50, help="default 50")
    scale.add_argument("--couples", type=int, default=40, help="couples per clinician (40)")
    scale.add_argument("--days", type=int, default=365, help="days of check-ins (365)")
    scale.add_argument("--seed", type=int, default=7, help="random seed (7)")
    scale.add_argument("--end", type=parse_day, metavar="DAY",
                       help="last day of check-ins (YYYY-MM-DD; default today)")
    imports = sub.add_parser("import-checkins", help=cmd_import_checkins.__doc__,
                             description=cmd_import_checkins.__doc__)
    imports.add_argument("file", metavar="FILE", help="CSV file (UTF-8) in the check-in columns")
    imports.add_argument("--clinician", required=True, metavar="USERNAME")
    imports.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    exports = sub.add_parser("export-checkins", help=cmd_export_checkins.__doc__,
                             description=cmd_export_checkins.__doc__)
    exports.add_argument("--clinician", required=True, metavar="USERNAME")
    exports.add_argument("--couple", required=True, metavar="CODE")
    exports.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    exports.add_argument("--with-reflections", action="store_true",
                         help="include the partners' reflections (left empty otherwise)")
    pdf = sub.add_parser("report", help=cmd_report.__doc__, description=cmd_report.__doc__)
    pdf.add_argument("--clinician", required=True, metavar="USERNAME")
    pdf.add_argument("--couple", required=True, metavar="CODE")
    pdf.add_argument("--out", required=True, metavar="FILE.pdf")
    pdf.add_argument("--from", dest="from_day", type=parse_day, metavar="DAY",
                     help="first day of the period (YYYY-MM-DD; default: the first check-in)")
    pdf.add_argument("--to", dest="to_day", type=parse_day, metavar="DAY",
                     help="last day of the period (YYYY-MM-DD; default today)")
    _add_maintenance_parsers(sub)
    return parser


def _add_maintenance_parsers(sub) -> None:
    from dashboard.cli import maintenance

    maintenance.add_parsers(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit non-zero with a one-line reason on bad input."""
    parser = build_parser()
    args = parser.parse_args(argv)
    startup.configure()
    try:
        return COMMANDS[args.command](args)
    except (InvalidInput, CommandError, settings_module.SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
