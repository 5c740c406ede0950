"""Setting up: the database, the demo practice, the scale generator, clinicians' accounts."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date

from dashboard import settings as settings_module
from dashboard.cli.common import CommandError, open_database, parse_day


def cmd_init(args: argparse.Namespace) -> int:
    """Create or upgrade the database and create local secrets on first run."""
    current = settings_module.load_settings()
    if settings_module.ensure_secrets(current.secrets_path):
        print(f"Created {current.secrets_path} with fresh random keys (keep it private).")
    db = open_database(migrate=True)
    print(f"Database ready at {db.engine.url.render_as_string(hide_password=True)}")
    return 0


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


def cmd_generate_scale(args: argparse.Namespace) -> int:
    """Load a practice at scale for benchmarks (default 50 clinicians x 40 couples x 1 year)."""
    import time

    from dashboard.sample_data import scale, scale_loader

    db = open_database(migrate=True)
    plan = scale.ScalePlan(clinicians=args.clinicians, couples=args.couples, days=args.days,
                           seed=args.seed, end=args.end or date.today())
    started = time.perf_counter()
    counts = scale_loader.load_practice(db=db, plan=plan, progress=lambda step: print(f"... {step}"))
    print(f"Loaded the scale practice in {time.perf_counter() - started:.0f} s: "
          + ", ".join(scale_loader.describe(counts)) + ".")
    print(f"Clinicians {scale.username(1)} to {scale.username(plan.clinicians)} share the "
          f"password '{scale.SCALE_PASSWORD}'.")
    return 0


def add_parsers(sub) -> None:
    """Add this group's commands to the main parser."""
    init = sub.add_parser("init", help=cmd_init.__doc__, description=cmd_init.__doc__)
    init.set_defaults(handler=cmd_init)
    demo = sub.add_parser("demo", help=cmd_demo.__doc__, description=cmd_demo.__doc__)
    demo.add_argument("--today", type=parse_day, help="load as if today were DAY (YYYY-MM-DD)")
    demo.set_defaults(handler=cmd_demo)
    clinician = sub.add_parser("add-clinician", help=cmd_add_clinician.__doc__,
                               description=cmd_add_clinician.__doc__)
    clinician.add_argument("username")
    clinician.add_argument("--name", help="full name shown in the app")
    clinician.add_argument("--admin", action="store_true", help="create an admin account")
    clinician.set_defaults(handler=cmd_add_clinician)
    scale = sub.add_parser("generate-scale", help=cmd_generate_scale.__doc__,
                           description=cmd_generate_scale.__doc__)
    scale.add_argument("--clinicians", type=int, default=50, help="default 50")
    scale.add_argument("--couples", type=int, default=40, help="couples per clinician (40)")
    scale.add_argument("--days", type=int, default=365, help="days of check-ins (365)")
    scale.add_argument("--seed", type=int, default=7, help="random seed (7)")
    scale.add_argument("--end", type=parse_day, metavar="DAY",
                       help="last day of check-ins (YYYY-MM-DD; default today)")
    scale.set_defaults(handler=cmd_generate_scale)
