"""The couple page's tabs, one module each; `pages/couple.py` lays them out and calls them.

Every tab function takes the :class:`CoupleView` the page loaded once, so each tab reads the
same report, as of the same day, for the same signed-in clinician.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.data.credentials import SignedIn
from dashboard.data.reports import CoupleReport


@dataclass(frozen=True)
class CoupleView:
    """What every tab of the couple page reads: who is looking, at which couple, as of when."""

    user: SignedIn
    report: CoupleReport
    as_of: date
    db_url: str

    @property
    def couple(self):
        """The couple's details (code, names, partners, archived)."""
        return self.report.couple

    @property
    def metrics(self):
        """The couple's CoupleMetrics as of the view's day."""
        return self.report.metrics

    @property
    def names(self) -> dict[str, str]:
        """Partner names by label."""
        return self.report.couple.names
