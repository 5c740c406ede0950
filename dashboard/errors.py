"""Errors the query and service layers raise for the pages and commands to show."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input breaks a rule; `field` names the form field or option, the message says why."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class NotFound(InvalidInput):
    """The record does not exist, or belongs to another clinician (told apart from neither)."""
