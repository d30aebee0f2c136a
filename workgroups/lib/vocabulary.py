"""The registry's vocabulary, in one place: statuses, roles, kinds, claim fields, findings.

Every layer (parsers, renderers, models, rules, pages, the API) names these values through the
enumerations below, so that a new role or kind is one line here. They are Django ``TextChoices``
(plain ``str`` enums; nothing here touches a database) so that the models can use them as
field choices directly.
"""

from __future__ import annotations

from django.db.models import TextChoices


class GroupStatus(TextChoices):
    """A group's standing: proposed until the board's establishing resolution, then active,
    inactive or dissolved (proposed is declared last, after the statuses it came after)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DISSOLVED = "dissolved"
    PROPOSED = "proposed"


class Role(TextChoices):
    """A seat's role, declared in display order (chairs first, members last)."""

    CHAIR = "chair"
    CO_CHAIR = "co-chair"
    VICE_CHAIR = "vice-chair"
    SECRETARY = "secretary"
    MODERATOR = "moderator"
    MEMBER = "member"

    @classmethod
    def rank(cls, role: str) -> int:
        """The role's place in display order (unknown roles last)."""
        try:
            return _ROLE_RANK[role]
        except KeyError:
            return len(_ROLE_RANK)

    @property
    def leads(self) -> bool:
        """A chair or co-chair: who leads the group, edits it and answers for its roster."""
        return self in LEADS

    @property
    def officer(self) -> bool:
        """Any role but a plain member."""
        return self is not Role.MEMBER


_ROLE_RANK = {role.value: i for i, role in enumerate(Role)}

# The roles that lead a group: "no chair is on record" means none of these is current.
LEADS: tuple[Role, ...] = (Role.CHAIR, Role.CO_CHAIR)
# Every role but member (what a wiki's "chairs" lists and officer lines name).
OFFICERS: tuple[Role, ...] = tuple(r for r in Role if r is not Role.MEMBER)


class ResolutionKind(TextChoices):
    ESTABLISHING = "establishing"
    AMENDING = "amending"
    CHARTER = "charter"
    CURRENT = "current"
    WORK_GROUP = "work-group"
    ROSTER = "roster"
    DISSOLVING = "dissolving"
    OTHER = "other"


class PageKind(TextChoices):
    CHARTER = "charter"
    MINUTES = "minutes"
    MEMBERS = "members"
    PAGE = "page"
    TEMPLATE = "template"


# The page kinds a group lists (the template belongs to no group), in the order listed.
GROUP_PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind.CHARTER,
    PageKind.MINUTES,
    PageKind.MEMBERS,
    PageKind.PAGE,
)


class SourceKind(TextChoices):
    """A kind of document facts come from (each is a registered format, but `manual`)."""

    PSF_PAGE = "psf-page", "the python.org page"
    WIKI_INDEX = "wiki-index", "the wiki index"
    WIKI_PAGE = "wiki-page", "a wiki page"
    WIKI_REDIRECTS = "wiki-redirects", "the wiki redirects"
    YAML = "yaml", "a registry dump"
    MANUAL = "manual", "entered on the site"


class ClaimField(TextChoices):
    """What a source states about a group, kept as a claim to compare with other sources."""

    NAME = "name"
    STATUS = "status"
    STATUS_HINT = "status_hint"
    FORMED = "formed"
    STATED_DATE = "stated_date"
    MAILING_LIST = "mailing_list"
    ROSTER = "roster"
    CHAIRS = "chairs"
    MINUTES_DATE = "minutes_date"


class Severity(TextChoices):
    # One word per severity everywhere: the CLI, the JSON, the health page and group pages.
    ERROR = "error", "Error"
    WARNING = "warning", "Warning"
    INFO = "info", "Info"


class FindingCode(TextChoices):
    STATUS_CONFLICT = "status-conflict"
    ROSTER_CONFLICT = "roster-conflict"
    CHAIR_CONFLICT = "chair-conflict"
    DUPLICATE_RESOLUTION_TEXT = "duplicate-resolution-text"
    FORMED_DATE_CONFLICT = "formed-date-conflict"
    ROSTER_APPROVAL_OVERDUE = "roster-approval-overdue"
    NO_CHAIR = "no-chair"
    NO_CONTACT = "no-contact"
    DORMANT = "dormant"
    PERSON_NEAR_DUPLICATE = "person-near-duplicate"
    BROKEN_LINK = "broken-link"
    UNMATCHED_LEGACY_PAGE = "unmatched-legacy-page"
    MINUTES_DATE_MISMATCH = "minutes-date-mismatch"
    DUPLICATE_MINUTES = "duplicate-minutes"
    MAILING_LIST_CONFLICT = "mailing-list-conflict"
    ACTIVITY_BEFORE_FORMED = "activity-before-formed"
    NOT_ON_PYTHON_ORG = "not-on-python-org"
