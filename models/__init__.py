"""SQLAlchemy models of the practice, one module per aggregate, and the migrations."""

from models.audit import AuditEvent
from models.base import Base, UTCDateTime, utc_now
from models.checkin import SCORES, CheckIn, CheckInLink
from models.clinician import ROLES, Clinician
from models.couple import LEANINGS, PARTNER_LABELS, Assignment, Couple, Partner, TherapySession

__all__ = [
    "LEANINGS",
    "PARTNER_LABELS",
    "ROLES",
    "SCORES",
    "Assignment",
    "AuditEvent",
    "Base",
    "CheckIn",
    "CheckInLink",
    "Clinician",
    "Couple",
    "Partner",
    "TherapySession",
    "UTCDateTime",
    "utc_now",
]
