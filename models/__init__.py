"""SQLAlchemy models of the practice, one module per aggregate, and the migrations."""

from models.audit import AuditEvent
from models.base import Base, UTCDateTime, utc_now
from models.checkin import CheckIn, CheckInLink
from models.clinician import ROLES, Clinician
from models.couple import Assignment, Couple, Partner, TherapySession

__all__ = [
    "ROLES",
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
