"""Maintenance commands: backup, restore, verify-audit, rotate-keys."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli.common import CommandError, open_database


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database, safe while the app is running."""
    from dashboard.data import backup

    db = open_database()
    written = backup.backup(db, Path(args.out))
    print(f"Backup written to {written}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database with a backup (stop the app first); checks the backup before."""
    from dashboard.data import backup

    if not args.yes:
        raise CommandError("restore replaces every record; stop the app and add --yes to confirm")
    db = _database_any_revision()
    backup.restore(db, Path(args.backup))
    print(f"Restored the database from {args.backup}. Run `python -m dashboard init` next.")
    return 0


def _database_any_revision():
    from dashboard import settings
    from dashboard.data.database import Database

    return Database.from_url(settings.load_settings().db_url)


def cmd_verify_audit(args: argparse.Namespace) -> int:
    """Check the audit trail's hash chain; exits 1 naming every edited or missing row."""
    from dashboard.data.audit_log import verify_chain

    db = open_database()
    with db.read() as session:
        problems = verify_chain(session)
    if not problems:
        print("The audit trail is intact.")
        return 0
    for problem in problems:
        print(f"audit event {problem.event_id}: {problem.reason}")
    return 1


def cmd_rotate_keys(args: argparse.Namespace) -> int:
    """Add a new encryption key and re-encrypt all reflections and notes under it."""
    from dashboard.data import keys

    db = open_database()
    count = keys.rotate_keys(db, drop_old=args.drop_old)
    print(f"Re-encrypted {count} texts under a new key"
          + (" and removed the old keys." if args.drop_old else "; old keys kept for reading."))
    return 0


def add_parsers(sub) -> None:
    """Add the maintenance commands to the main parser."""
    backup = sub.add_parser("backup", help=cmd_backup.__doc__, description=cmd_backup.__doc__)
    backup.add_argument("out", metavar="OUT", help="the backup file to write (must not exist)")
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", help=cmd_restore.__doc__,
                             description=cmd_restore.__doc__)
    restore.add_argument("backup", metavar="BACKUP")
    restore.add_argument("--yes", action="store_true", help="confirm replacing the database")
    restore.set_defaults(handler=cmd_restore)
    audit = sub.add_parser("verify-audit", help=cmd_verify_audit.__doc__,
                           description=cmd_verify_audit.__doc__)
    audit.set_defaults(handler=cmd_verify_audit)
    rotate = sub.add_parser("rotate-keys", help=cmd_rotate_keys.__doc__,
                            description=cmd_rotate_keys.__doc__)
    rotate.add_argument("--drop-old", action="store_true",
                        help="forget the old keys afterwards (make a backup first)")
    rotate.set_defaults(handler=cmd_rotate_keys)
