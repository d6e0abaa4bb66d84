"""Domain errors, in words a VLO or a Witness Care officer would understand.

The web layer maps each kind to one HTTP status; the domain never knows the status codes.
Messages never carry a victim's personal details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FieldProblem:
    field: str
    message: str


@dataclass
class DomainError(Exception):
    """Base class: `message` is shown to the person; `problems` name the fields at fault."""

    message: str
    problems: list[FieldProblem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class InvalidInput(DomainError):
    """The request is well formed but a field's value breaks a rule (a date in the future...)."""

    @classmethod
    def on(cls, field_name: str, message: str) -> InvalidInput:
        return cls(message, [FieldProblem(field_name, message)])


class NotFound(DomainError):
    """The record does not exist, or exists outside what the caller may see (never say which)."""


class PermissionDenied(DomainError):
    """The caller's role or unit may not do this."""


class Conflict(DomainError):
    """The action clashes with the record as it stands (a duplicate referral, a closed case)."""


class StaleVersion(DomainError):
    """Someone else changed the record since the caller read it; nothing was written."""


class Refused(DomainError):
    """A rule forbids the action (a letter to a deceased victim, opting out twice)."""


class AuthenticationFailed(DomainError):
    """Sign-in failed, or the token is missing, expired or revoked."""


@dataclass
class TooManyAttempts(DomainError):
    """Too many failed sign-ins from this address or to this account: try again after
    `retry_after` seconds."""

    retry_after: int = 60
