"""The read shapes of the API (DESIGN.md, "The interface").

Every date is an EDTF string (the Library of Congress' Extended Date/Time Format, ISO 8601-2)
at the precision the source gives, or null: "2018", "2018-05", "2018-05-31", "2005~" (about),
"[..2007-02-25]" (on or before) or "XXXX" (unknown). `PartialDateStr` documents it in the
answers; `EdtfDate` is the same for a body, and refuses anything else with a 422 naming the field.
"""

from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator

from workgroups.lib.partialdate import FORMS, PartialDate
from workgroups.lib.text import bad_character
from workgroups.registry.models import Group, Membership, Resolution

GroupStatus = Literal[tuple(Group.Status.values)]  # type: ignore[valid-type]
STATUS_DESCRIPTION = (
    "proposed (until the board's establishing resolution), active, inactive or dissolved."
)
Role = Literal[tuple(Membership.Role.values)]  # type: ignore[valid-type]
ResolutionKind = Literal[tuple(Resolution.Kind.values)]  # type: ignore[valid-type]
PageKind = Literal["charter", "minutes", "members", "page"]

# The forms a date of the registry takes (lib.partialdate), as an ECMA-262 pattern: a year,
# month or day, maybe about ("~"), or on or before ("[..]"), or unknown ("XXXX"). Whether the
# day exists is the validator's to say.
EDTF_PATTERN = r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?~?|\[\.\.\d{4}(?:-\d{2}(?:-\d{2})?)?\]|XXXX)$"
EDTF_DESCRIPTION = (
    f"An EDTF date (Extended Date/Time Format, ISO 8601-2): {FORMS}. "
    'On the site it reads in words ("about 2005", "before 25 February 2007", "date unknown").'
)
EDTF_EXAMPLES = ["2018-05-31", "2018-05", "2005~", "[..2007-02-25]", "XXXX"]


def edtf_date(value: str) -> str:
    """A date as a body states it: one of the EDTF forms the registry keeps (422 otherwise)."""
    PartialDate.parse(value)  # PartialDateError is a ValueError: pydantic makes it a 422
    return value


_EDTF_FIELD = Field(
    description=EDTF_DESCRIPTION,
    examples=EDTF_EXAMPLES,
    json_schema_extra={"format": "edtf", "pattern": EDTF_PATTERN},
)
EdtfDate = Annotated[str, AfterValidator(edtf_date), _EDTF_FIELD]
"""A date in a request body (use `EdtfDate | None` where null clears it or means today)."""

PartialDateStr = Annotated[str, _EDTF_FIELD] | None
"""A date in an answer: an EDTF string, or null when there is none."""


def plain_text(value: str) -> str:
    """The registry's one rule for text (`lib.text`), at the API's door: PostgreSQL refuses NUL
    and neither database can encode a lone surrogate, so these must be 422s before any query."""
    if found := bad_character(value):
        raise ValueError(f"holds {found}")
    return value


Text = Annotated[
    str,
    AfterValidator(plain_text),
    # The document names the control characters (an ECMA-262 pattern); the lone surrogates a
    # JSON "\ud800" escape can carry are refused by the check alone.
    Field(
        json_schema_extra={
            "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
        }
    ),
]

# Ids and counts the API takes in fit a database integer (both databases refuse a larger one
# with an error, not a 422).
MAX_INT = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_INT)]


class ErrorItem(Schema):
    field: str | None = Field(
        description="The field as the request spelled it (dotted inside a nested body); null "
        "for the whole input."
    )
    message: str
    location: str = Field(description="body, query or path")


class Error(Schema):
    """Every error answer of the API (4xx and 5xx)."""

    detail: str
    errors: list[ErrorItem] = Field(
        default_factory=list, description="What is wrong, field by field (always there in a 422)."
    )


class Invalid(Error):
    errors: list[ErrorItem]


class GroupRef(Schema):
    slug: str
    name: str


class PersonRef(Schema):
    slug: str
    name: str


class GroupItem(Schema):
    slug: str
    name: str
    status: GroupStatus = Field(description=STATUS_DESCRIPTION)
    formed: PartialDateStr
    dissolved: PartialDateStr


class GroupList(Schema):
    count: int
    items: list[GroupItem]


class MailingListOut(Schema):
    address: str
    url: str | None = Field(description="The list's page (archives, sign-up), if known.")


class LinkOut(Schema):
    label: str
    url: str


class MemberOut(Schema):
    person: PersonRef
    role: Role
    voting: bool
    start: PartialDateStr
    end: PartialDateStr
    current: bool = Field(description="True while the membership has no end.")


class Vote(Schema):
    yes: int
    no: int
    abstain: int


class ResolutionOut(Schema):
    kind: ResolutionKind
    title: str
    date: PartialDateStr
    date_inferred: bool = Field(
        description="The date is the group's formed date, not one the resolution states."
    )
    text: str = Field(description="Markdown.")
    vote: Vote | None
    medium: str = Field(description='How the board voted, e.g. "IRC vote"; "" if unknown.')


class ResolutionItem(ResolutionOut):
    group: GroupRef


class ResolutionList(Schema):
    count: int
    items: list[ResolutionItem]


class PageOut(Schema):
    title: str
    kind: PageKind
    date: PartialDateStr
    path: str | None = Field(description="Its path in the PSF wiki, without .md.")
    url: str = Field(description="Its address on this site (a path, e.g. /groups/x/pages/y/).")


class SourceOut(Schema):
    path: str = Field(description="The source document, as imported.")
    kind: str = Field(description="psf-page, wiki-index, wiki-page, wiki-redirects, yaml, manual")
    lines: list[str] = Field(
        description='Line ranges ("10-24", or "31" for one line), in order, merged where '
        "they touch; empty when the facts came from the whole document."
    )


class GroupDetail(GroupItem):
    version: int = Field(description="Goes up with every change; send it back with a PATCH.")
    aliases: list[str] = Field(
        description="Other names of the group (old names, abbreviations, wiki names); "
        "legacy wiki paths are not listed (they redirect on the site)."
    )
    purpose: str = Field(description="Markdown.")
    confirmed: PartialDateStr = Field(
        description="When a chair or the board last confirmed the record (roster, contacts, "
        "purpose) as current; null if never."
    )
    confirmed_by: str = Field(description='Who confirmed it ("" if never).')
    mailing_lists: list[MailingListOut]
    links: list[LinkOut]
    members: list[MemberOut] = Field(
        description="Current members first (chairs first, then by name), then past ones, "
        "latest end first."
    )
    resolutions: list[ResolutionOut]
    pages: list[PageOut]
    sources: list[SourceOut] = Field(
        description="The documents the group's facts were imported from, with their lines."
    )


class PersonItem(Schema):
    slug: str
    name: str


class PersonList(Schema):
    count: int
    items: list[PersonItem]


class PersonMembershipOut(Schema):
    group: GroupRef
    role: Role
    start: PartialDateStr
    end: PartialDateStr
    current: bool


class PersonDetail(PersonItem):
    aliases: list[str] = Field(description='Spelling variants ("Marc-Andre Lemburg").')
    memberships: list[PersonMembershipOut] = Field(
        description="Current ones first, then past ones, latest end first."
    )


class FindingSource(Schema):
    path: str
    line_start: int | None
    line_end: int | None


class FindingOut(Schema):
    code: str
    severity: Literal["error", "warning", "info"]
    groups: list[str] = Field(description="Slugs of the groups concerned.")
    message: str
    sources: list[FindingSource]


class FindingList(Schema):
    count: int
    items: list[FindingOut]


class SearchHitOut(Schema):
    kind: Literal["group", "person", "resolution", "page"]
    title: str
    url: str = Field(description="Its address on this site (a path).")
    context: str = Field(description="The group's name (resolutions, pages) or its status.")
    date: PartialDateStr
    snippet: str = Field(description="Plain text around the first match.")


class SearchList(Schema):
    count: int
    items: list[SearchHitOut]
