"""Files in and out: check-ins as CSV and the progress report as PDF."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from dashboard.cli.common import CommandError, open_database, parse_day


def cmd_import_checkins(args: argparse.Namespace) -> int:
    """Import check-ins from a CSV file into the clinician's couples: every row or none."""
    from pathlib import Path

    from dashboard.data import check_in_import, check_in_rows

    db = open_database()
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    run = check_in_import.preview_import if args.dry_run else check_in_import.import_check_ins
    try:
        result = run(db=db, clinician=args.clinician, data=data, today=date.today(),
                     limits=check_in_rows.import_limits())
    except check_in_rows.ImportRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        for problem in refused.errors:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(("Nothing was written (dry run): " if args.dry_run else "") + result.summary())
    return 0


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


def add_parsers(sub) -> None:
    """Add this group's commands to the main parser."""
    imports = sub.add_parser("import-checkins", help=cmd_import_checkins.__doc__,
                             description=cmd_import_checkins.__doc__)
    imports.add_argument("file", metavar="FILE", help="CSV file (UTF-8) in the check-in columns")
    imports.add_argument("--clinician", required=True, metavar="USERNAME")
    imports.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    imports.set_defaults(handler=cmd_import_checkins)
    exports = sub.add_parser("export-checkins", help=cmd_export_checkins.__doc__,
                             description=cmd_export_checkins.__doc__)
    exports.add_argument("--clinician", required=True, metavar="USERNAME")
    exports.add_argument("--couple", required=True, metavar="CODE")
    exports.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    exports.add_argument("--with-reflections", action="store_true",
                         help="include the partners' reflections (left empty otherwise)")
    exports.set_defaults(handler=cmd_export_checkins)
    pdf = sub.add_parser("report", help=cmd_report.__doc__, description=cmd_report.__doc__)
    pdf.add_argument("--clinician", required=True, metavar="USERNAME")
    pdf.add_argument("--couple", required=True, metavar="CODE")
    pdf.add_argument("--out", required=True, metavar="FILE.pdf")
    pdf.add_argument("--from", dest="from_day", type=parse_day, metavar="DAY",
                     help="first day of the period (YYYY-MM-DD; default: the first check-in)")
    pdf.add_argument("--to", dest="to_day", type=parse_day, metavar="DAY",
                     help="last day of the period (YYYY-MM-DD; default today)")
    pdf.set_defaults(handler=cmd_report)
