"""A clinician's couples: adding couples and sessions, listing, their metrics, check-in links."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from dashboard import settings as settings_module
from dashboard.cli.common import format_number, open_database, parse_day
from dashboard.vocabulary import LANGUAGES


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


def cmd_add_session(args: argparse.Namespace) -> int:
    """Record a therapy session for a couple."""
    from dashboard.data import services

    db = open_database()
    services.add_session(db=db, clinician=args.clinician, code=args.couple, day=args.day,
                         focus=args.focus)
    print(f"Recorded the session of {args.day.isoformat()} for {args.couple.strip().upper()}.")
    return 0


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


def cmd_metrics(args: argparse.Namespace) -> int:
    """Print a couple's pattern metrics per interval (the numbers the pages show)."""
    import json

    from dashboard.data import reports

    db = open_database()
    as_of = args.as_of or date.today()
    with db.read() as session:
        _queries().active_clinician(session, args.clinician)
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
              f"{format_number(interval['polarization'])}, cycle intensity "
              f"{format_number(interval['cycle_intensity'])}")
    return 0


def cmd_checkin_link(args: argparse.Namespace) -> int:
    """Create (or renew) a partner's check-in link and print its URL, or revoke it; with
    --language, also set the language of that partner's check-in page."""
    from dashboard.data import links

    current = settings_module.load_settings()
    db = open_database()
    code = args.couple.strip().upper()
    if args.revoke:
        revoked = links.revoke_link(db=db, clinician=args.clinician, code=code,
                                    partner=args.partner)
        print(f"Revoked the check-in link of partner {args.partner} of {code}." if revoked
              else f"Partner {args.partner} of {code} had no working link; nothing to revoke.")
    else:
        issued = links.issue_link(db=db, clinician=args.clinician, code=code,
                                  partner=args.partner,
                                  base_url=args.base_url or current.base_url,
                                  days=current.link_days)
        print(issued.url)
        print(f"{'Renewed' if issued.renewed else 'Created'} for partner {args.partner} of "
              f"{code}; valid until {issued.expires_at:%Y-%m-%d}.", file=sys.stderr)
    if args.language:
        _set_language(db, args, code)
    return 0


def _set_language(db, args: argparse.Namespace, code: str) -> None:
    """Set the partner's page language (after the link, so a refused link changes nothing)."""
    from dashboard.data import services
    from dashboard.vocabulary import LANGUAGE_NAMES

    services.set_partner_language(db=db, clinician=args.clinician, code=code,
                                  partner=args.partner, language=args.language)
    print(f"Partner {args.partner} of {code} reads their check-in page in "
          f"{LANGUAGE_NAMES[args.language]}.", file=sys.stderr)


def _queries():
    """The queries module, imported when a command needs it."""
    from dashboard.data import queries

    return queries


def add_parsers(sub) -> None:
    """Add this group's commands to the main parser."""
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
    couple.set_defaults(handler=cmd_add_couple)
    session = sub.add_parser("add-session", help=cmd_add_session.__doc__,
                             description=cmd_add_session.__doc__)
    session.add_argument("--clinician", required=True, metavar="USERNAME")
    session.add_argument("--couple", required=True, metavar="CODE")
    session.add_argument("--day", required=True, type=parse_day, help="YYYY-MM-DD")
    session.add_argument("--focus", default="", help="the session's focus, one line")
    session.set_defaults(handler=cmd_add_session)
    listing = sub.add_parser("list-couples", help=cmd_list_couples.__doc__,
                             description=cmd_list_couples.__doc__)
    listing.add_argument("--clinician", required=True, metavar="USERNAME")
    listing.add_argument("--archived", action="store_true", help="include archived couples")
    listing.set_defaults(handler=cmd_list_couples)
    numbers = sub.add_parser("metrics", help=cmd_metrics.__doc__, description=cmd_metrics.__doc__)
    numbers.add_argument("--clinician", required=True, metavar="USERNAME")
    numbers.add_argument("--couple", required=True, metavar="CODE")
    numbers.add_argument("--json", action="store_true", help="print the JSON object")
    numbers.add_argument("--as-of", type=parse_day, metavar="DAY",
                         help="compute as of DAY (YYYY-MM-DD; default today)")
    numbers.set_defaults(handler=cmd_metrics)
    link = sub.add_parser("checkin-link", help=cmd_checkin_link.__doc__,
                          description=cmd_checkin_link.__doc__)
    link.add_argument("--clinician", required=True, metavar="USERNAME")
    link.add_argument("--couple", required=True, metavar="CODE")
    link.add_argument("--partner", required=True, choices=["A", "B"], type=str.upper)
    link.add_argument("--base-url", metavar="URL",
                      help="address partners open (default DASHBOARD_BASE_URL)")
    link.add_argument("--revoke", action="store_true", help="stop the partner's link instead")
    link.add_argument("--language", choices=list(LANGUAGES), type=str.lower,
                      help="the language of the partner's check-in page (default: leave it as "
                           "it is; a new partner's is en)")
    link.set_defaults(handler=cmd_checkin_link)
