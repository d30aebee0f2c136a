"""Findings: what the registry shows to be contradictory, stale or missing.

The interface other parts use: `compute_findings()` returns a list of `Finding`, and
`Finding.as_dict()` is the JSON shape of DESIGN.md (code, severity, groups, message, sources).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceRef:
    path: str
    line_start: int | None = None
    line_end: int | None = None

    def as_dict(self) -> dict:
        return {"path": self.path, "line_start": self.line_start, "line_end": self.line_end}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # error, warning, info
    groups: tuple[str, ...]  # slugs
    message: str  # names the groups in words
    sources: tuple[SourceRef, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "groups": list(self.groups),
            "message": self.message,
            "sources": [s.as_dict() for s in self.sources],
        }


def compute_findings() -> list[Finding]:
    """Every rule over the registry, in a stable order."""
    return []
