"""The verification report: every check with a stable code and a sentence an employer can read.

A report is built step by step by :func:`credstack.vc.verify.verify`; its overall ``result`` is
derived from the checks with a fixed precedence, so the same checks always give the same
answer: ``invalid`` (the document is not a well-formed, intact credential) beats
``unverifiable`` (we could not establish who issued it or whether it is still in force) beats
``revoked`` > ``suspended`` > ``expired`` > ``not_yet_valid`` > ``valid``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["RESULTS", "Check", "CheckStatus", "Result", "VerificationReport"]

CheckStatus = Literal["pass", "fail", "warn", "skip"]
Result = Literal[
    "valid", "invalid", "revoked", "suspended", "expired", "not_yet_valid", "unverifiable"
]
RESULTS: tuple[Result, ...] = (
    "invalid",
    "unverifiable",
    "revoked",
    "suspended",
    "expired",
    "not_yet_valid",
    "valid",
)

_HEADLINES: dict[str, str] = {
    "valid": "This credential is genuine and currently valid.",
    "invalid": "This credential is NOT valid: it is damaged, altered or not a credential.",
    "unverifiable": "This credential could not be verified: its issuer or status cannot be confirmed.",
    "revoked": "This credential was revoked by its issuer.",
    "suspended": "This credential is currently suspended by its issuer.",
    "expired": "This credential has expired.",
    "not_yet_valid": "This credential is not valid yet.",
}


@dataclass(frozen=True, slots=True)
class Check:
    """One verification step: ``name`` (what was checked), ``status``, a stable ``code`` and a
    plain-language ``message``. ``outcome`` is the overall result a failure implies."""

    name: str
    status: CheckStatus
    code: str
    message: str
    outcome: Result = "valid"

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready mapping (without the internal ``outcome``)."""
        return {
            "name": self.name,
            "status": self.status,
            "code": self.code,
            "message": self.message,
        }


@dataclass(slots=True)
class VerificationReport:
    """What :func:`~credstack.vc.verify.verify` found: never an exception, always a report."""

    format: str = "unknown"
    version: str | None = None
    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    proofs: list[dict[str, Any]] = field(default_factory=list)
    issuer: dict[str, Any] | None = None
    dates: dict[str, Any] = field(default_factory=dict)
    status: list[dict[str, Any]] = field(default_factory=list)
    endorsements: list[VerificationReport] = field(default_factory=list)

    def add(
        self,
        name: str,
        status: CheckStatus,
        code: str,
        message: str,
        outcome: Result | None = None,
    ) -> Check:
        """Record a check; a failure without an explicit ``outcome`` makes the result invalid."""
        implied: Result = outcome or ("invalid" if status == "fail" else "valid")
        check = Check(name, status, code, message, implied)
        self.checks.append(check)
        return check

    @property
    def result(self) -> Result:
        """The overall result: the most serious outcome any check implies."""
        outcomes = {c.outcome for c in self.checks}
        return next(r for r in RESULTS if r in outcomes or r == "valid")

    @property
    def valid(self) -> bool:
        """True only when the overall result is ``valid``."""
        return self.result == "valid"

    @property
    def headline(self) -> str:
        """One sentence summarising the result for a person."""
        return _HEADLINES[self.result]

    def check(self, name: str) -> Check | None:
        """The first check called ``name``, if it ran."""
        return next((c for c in self.checks if c.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the whole report."""
        return {
            "result": self.result,
            "headline": self.headline,
            "format": self.format,
            "version": self.version,
            "issuer": self.issuer,
            "dates": self.dates,
            "checks": [c.to_dict() for c in self.checks],
            "proofs": self.proofs,
            "status": self.status,
            "endorsements": [e.to_dict() for e in self.endorsements],
            "credential": self.credential,
        }

    def to_text(self) -> str:
        """A human-readable report: the headline, then one line per check."""
        marks = {"pass": "[ok]  ", "fail": "[FAIL]", "warn": "[warn]", "skip": "[skip]"}
        lines = [self.headline, ""]
        if self.issuer:
            name = self.issuer.get("name")
            lines.append(
                f"Issuer: {name} ({self.issuer['id']})" if name else f"Issuer: {self.issuer['id']}"
            )
        if self.credential and isinstance(self.credential.get("name"), str):
            lines.append(f"Credential: {self.credential['name']}")
        if len(lines) > 2:
            lines.append("")
        for c in self.checks:
            lines.append(f"{marks[c.status]} {c.name}: {c.message} [{c.code}]")
        lines.append("")
        lines.append(f"Result: {self.result}")
        return "\n".join(lines)
