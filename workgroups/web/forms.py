"""Editing forms. They collect input; the registry operations validate it and write it.

Each form maps to one operation in `workgroups.registry.services` (`operation_kwargs()` gives
its keywords) and shows the operation's field errors where they belong (`show_errors()`). A form
that refuses some fields still gives the operation the others (`checked_kwargs()`), so that one
submit shows every error, the form's and the operation's.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from workgroups.lib.text import bad_character, bad_line
from workgroups.registry.models import Group, Membership, Page, Resolution
from workgroups.registry.permissions import STATUS_FIELDS

COMMENT_HELP = "Why, in a few words (kept in the history)."


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


class OperationForm(forms.Form):
    """A form for one registry operation, with the group version it was made on and a why."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # As long as the editor needs: the history keeps it whole (services._check_comment).
    comment = forms.CharField(required=False, help_text=COMMENT_HELP, label="Comment")

    # Service error keys ("vote.yes", "members.2.role") and the form fields that show them.
    error_fields: dict[str, str] = {}
    # An edit changes only the fields it is given: a refused field is left out of the
    # operation's keywords (it keeps its stored value), not given empty.
    partial = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["comment"] = self.fields.pop("comment")  # last, before the button

    def clean(self):
        """Refuse on its own field text that no output can carry, as the operations do, so
        that the operation still checks every other field (`checked_kwargs()`)."""
        cleaned = super().clean()
        for name in self.fields:
            if name in self.errors:
                continue
            key = self.add_prefix(name)
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else []
            if problem := next(filter(None, map(_bad_text, values)), None):
                self.add_error(name, problem)
        return cleaned

    def operation_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        version = data.pop("version", None)
        data["expected_version"] = version
        return data

    def checked_kwargs(self) -> dict:
        """The operation's keywords from an invalid form, to check the fields it accepted.

        A refused field is given empty (the operation's errors about it are not shown: the
        form's are), or left out when the form is `partial`.
        """
        accepted = self.cleaned_data
        refused = {name: self._empty(name) for name in self.errors if name in self.fields}
        self.cleaned_data = accepted if self.partial else {**accepted, **refused}
        try:
            data = self.operation_kwargs()
        finally:
            self.cleaned_data = accepted
        if self.partial:
            for name in refused:
                data.pop(name, None)
        return data

    def _empty(self, name: str):
        try:
            return self.fields[name].to_python("")
        except ValidationError:
            return None

    def show_errors(self, error: ValidationError, *, refused: frozenset[str] = frozenset()):
        """Put an operation's errors on the fields that caused them, each once; the fields in
        `refused` keep only the form's own errors."""
        if not hasattr(error, "error_dict"):
            error = ValidationError({NON_FIELD_ERRORS: error.messages})
        for key, messages in error.message_dict.items():
            field = None if key == NON_FIELD_ERRORS else self._error_field(key)
            if field in refused:
                continue
            prefix = _error_prefix(key) if field else ""
            for message in messages:
                text = f"{prefix}{message}"
                if text not in self.errors.get(field or NON_FIELD_ERRORS, ()):
                    self.add_error(field, text)

    def _error_field(self, key: str) -> str | None:
        """The field that shows an operation's error; None for the form as a whole."""
        head = key.split(".")[0]
        field = self.error_fields.get(key) or self.error_fields.get(head) or head
        return field if field in self.fields else None


def _bad_text(value) -> str | None:
    """The operations' words for a character text must not hold; with its line when several."""
    if not isinstance(value, str):
        return None
    if "\n" in value:
        if found := bad_line(value):
            return f"line {found[0]}: This text holds {found[1]}; remove it."
        return None
    if problem := bad_character(value):
        return f"This text holds {problem}; remove it."
    return None


def _error_prefix(key: str) -> str:
    """Where inside a field an error is: 'line 3: ' of a list, 'yes: ' of a vote."""
    if "." not in key:
        return ""
    rest = key.split(".", 1)[1]
    first = rest.split(".")[0]
    return f"line {int(first) + 1}: " if first.isdigit() else f"{rest}: "


def _date_field(label: str, *, required: bool = False, initial=None) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10,
        initial=initial,
        help_text="2024, 2024-05 or 2024-05-31",
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM-DD", "inputmode": "numeric"}),
    )


class LinesField(forms.CharField):
    """One item a line, the parts separated by whitespace or a '|'."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, keys: tuple[str, str], **kwargs):
        self.keys = keys
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        items = []
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            if "|" in line:
                first, _, second = line.rpartition("|")
            elif " " in line:
                first, _, second = line.rpartition(" ")
            else:
                first, second = line, ""
            first, second = first.strip(), second.strip()
            if self.keys[0] == "address" and not second.startswith(("http://", "https://")):
                first, second = line, ""
            items.append({self.keys[0]: first, self.keys[1]: second})
        return items

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{item[self.keys[0]]} | {item[self.keys[1]]}".rstrip(" |") for item in value
            )
        return value


class GroupCreateForm(OperationForm):
    name = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=300, required=False, help_text="One line: what it does.")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    formed = _date_field("Formed")
    error_fields = {"slug": "name"}

    def operation_kwargs(self) -> dict:
        data = super().operation_kwargs()
        data.pop("expected_version", None)
        return data


class GroupEditForm(OperationForm):
    name = forms.CharField(max_length=200, required=False)
    summary = forms.CharField(max_length=300, required=False, help_text="One line: what it does.")
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "data-preview": "1"}),
        required=False,
        help_text="Markdown.",
    )
    mailing_lists = LinesField(
        keys=("address", "url"),
        label="Mailing lists",
        help_text="One a line: the address, then its web page if any.",
    )
    links = LinesField(
        keys=("label", "url"), help_text="One a line: a label, a '|', then the address."
    )
    status = forms.ChoiceField(choices=Group.Status.choices, required=False)
    formed = _date_field("Formed")
    dissolved = _date_field("Dissolved")

    partial = True

    def __init__(self, *args, group: Group, fields: frozenset[str], **kwargs):
        initial = {
            "name": group.name,
            "summary": group.summary,
            "purpose": group.purpose,
            "mailing_lists": [
                {"address": m.address, "url": m.url} for m in group.mailing_lists.all()
            ],
            "links": [{"label": link.label, "url": link.url} for link in group.links.all()],
            "status": group.status,
            "formed": group.formed.iso() if group.formed else "",
            "dissolved": group.dissolved.iso() if group.dissolved else "",
            "version": group.version,
        }
        super().__init__(*args, initial=initial, **kwargs)
        for name in STATUS_FIELDS - fields:
            del self.fields[name]

    def operation_kwargs(self) -> dict:
        data = super().operation_kwargs()
        # Only what changed: the history then shows the change, and a chair's form never
        # touches what only the board may set.
        for name in list(data):
            if name in ("expected_version", "comment"):
                continue
            if name not in self.data or name not in self.changed_data:
                del data[name]
        return data


class MemberAddForm(OperationForm):
    person = forms.CharField(
        max_length=200,
        help_text="A name (spelling variants find the same person) or a person's slug.",
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    voting = forms.BooleanField(required=False, initial=True)
    start = _date_field("Start")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = _today()


class MemberEndForm(OperationForm):
    end = _date_field("End", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].initial = _today()


class MembersField(forms.CharField):
    """One seat a line: 'Name' or 'Name, role' (role: chair, co-chair, ... member)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value):
        text = super().to_python(value)
        seats = []
        for line in text.splitlines():
            line = line.strip().lstrip("-*").strip()
            if not line:
                continue
            name, _, role = line.rpartition(",")
            if name and role.strip().lower() in Membership.Role.values + ["non-voting"]:
                role = role.strip().lower()
                seat = {"person": name.strip(), "role": "member" if role == "non-voting" else role}
                if role == "non-voting":
                    seat["voting"] = False
            else:
                seat = {"person": line}
            seats.append(seat)
        return seats


class ResolutionForm(OperationForm):
    kind = forms.ChoiceField(choices=Resolution.Kind.choices)
    title = forms.CharField(max_length=300, required=False)
    date = _date_field("Date", required=True)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), help_text="Markdown.")
    vote_yes = forms.IntegerField(label="Yes", required=False, min_value=0)
    vote_no = forms.IntegerField(label="No", required=False, min_value=0)
    vote_abstain = forms.IntegerField(label="Abstain", required=False, min_value=0)
    medium = forms.CharField(max_length=100, required=False, help_text='e.g. "IRC vote".')
    members = MembersField(
        required=False,
        help_text="People it seats, one a line: 'Name' or 'Name, chair'. "
        "Those already seated in that role stay.",
    )
    replaces_roster = forms.BooleanField(
        required=False,
        label="This is the whole membership",
        help_text="Everyone not listed leaves the group at the resolution's date.",
    )
    approves_roster = forms.BooleanField(
        required=False,
        label="It approves the roster",
        help_text="Also records the board's approval of the resulting roster.",
    )
    error_fields = {"vote.yes": "vote_yes", "vote.no": "vote_no", "vote.abstain": "vote_abstain"}

    def operation_kwargs(self) -> dict:
        data = super().operation_kwargs()
        votes = {k: data.pop(f"vote_{k}") for k in ("yes", "no", "abstain")}
        data["vote"] = votes if any(v is not None for v in votes.values()) else None
        return data


class RosterApprovalForm(OperationForm):
    date = _date_field("Date", required=True)
    resolution = forms.ModelChoiceField(
        queryset=Resolution.objects.none(),
        required=False,
        help_text="The board resolution that approved it, if recorded.",
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = _today()
        self.fields["resolution"].queryset = group.resolutions.order_by("-date", "-position")


class ConfirmForm(OperationForm):
    """Nothing to fill in: the record as it stands is confirmed today."""


PAGE_KINDS = [
    (Page.Kind.MINUTES, "Meeting notes"),
    (Page.Kind.PAGE, "Other page"),
    (Page.Kind.MEMBERS, "Member list"),
    (Page.Kind.CHARTER, "Charter (a new version)"),
]


class PageForm(OperationForm):
    kind = forms.ChoiceField(choices=PAGE_KINDS, initial=Page.Kind.MINUTES)
    title = forms.CharField(
        max_length=300, required=False, help_text="Meeting notes may leave it out."
    )
    date = _date_field("Date")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16, "data-preview": "1"}),
        required=False,
        help_text="Markdown; the preview shows it as it will be published.",
    )

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = _today()
        if kinds is not None:
            self.fields["kind"].choices = [c for c in PAGE_KINDS if c[0] in kinds]


class PageEditForm(OperationForm):
    title = forms.CharField(max_length=300)
    date = _date_field("Date")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16, "data-preview": "1"}),
        required=False,
        help_text="Markdown.",
    )

    partial = True

    def __init__(self, *args, page: Page, **kwargs):
        initial = {
            "title": page.title,
            "date": page.date.iso() if page.date else "",
            "body": page.body,
            "version": page.group.version if page.group else None,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def operation_kwargs(self) -> dict:
        data = super().operation_kwargs()
        for name in ("title", "date", "body"):
            if name not in self.changed_data:
                data.pop(name, None)
        return data


class RevertForm(OperationForm):
    pass
