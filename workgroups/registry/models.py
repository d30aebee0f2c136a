"""The registry: groups, people, memberships, resolutions, pages, and where each fact came from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from workgroups.lib.text import text_key
from workgroups.lib.vocabulary import (
    ClaimField,
    GroupStatus,
    PageKind,
    ResolutionKind,
    Role,
    SourceKind,
)
from workgroups.registry.fields import PartialDateField


class Source(models.Model):
    """A document that facts were imported from."""

    Kind = SourceKind

    path = models.CharField(max_length=500, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.path


class Provenanced(models.Model):
    """A row that knows the document and lines it was imported from."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    line_start = models.PositiveIntegerField(null=True, blank=True)
    line_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def cite(self) -> str:
        """'path:10-24', or '' for rows entered by hand."""
        if self.source_id is None:
            return ""
        if self.line_start is None:
            return self.source.path
        if self.line_end and self.line_end != self.line_start:
            return f"{self.source.path}:{self.line_start}-{self.line_end}"
        return f"{self.source.path}:{self.line_start}"


class Group(Provenanced):
    """A working group, committee or work group of the foundation."""

    Status = GroupStatus

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    formed = PartialDateField()
    dissolved = PartialDateField()
    summary = models.CharField(max_length=300, blank=True, help_text="One line: what it does.")
    purpose = models.TextField(blank=True, help_text="Markdown.")
    position = models.PositiveIntegerField(default=0, help_text="Order on the python.org page.")
    confirmed = PartialDateField(help_text="When the record was last confirmed current.")
    confirmed_by = models.CharField(max_length=200, blank=True, help_text="Who confirmed it.")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "name"]
        # The directory reads one status at a time in this order (10,000 groups: its count
        # query 18 ms -> 0.9 ms).
        indexes = [models.Index(fields=["status", "position", "name"], name="group_directory")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("web:group", args=[self.slug])

    def clean(self):
        if self.formed and self.dissolved and self.dissolved < self.formed:
            raise ValidationError(
                {"dissolved": f"Dissolved {self.dissolved} is before formed {self.formed}."}
            )


class GroupAlias(models.Model):
    """Another name, or a legacy wiki path, that means this group."""

    class Kind(models.TextChoices):
        NAME = "name"
        PATH = "path"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.NAME)
    name = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_group_alias")]
        verbose_name_plural = "group aliases"

    def __str__(self):
        return self.name


class MailingList(Provenanced):
    """A mailing list of a group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="mailing_lists")
    address = models.CharField(max_length=200, validators=[validate_email])
    url = models.URLField(max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "position", "address"]
        # A group's contact on the directory, its first list: found without a sort.
        indexes = [models.Index(fields=["group", "position", "id"], name="mailinglist_first")]

    def __str__(self):
        return self.address


class Link(Provenanced):
    """A labelled link of a group (notes page, wiki section, charter elsewhere)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "position", "label"]

    def __str__(self):
        return f"{self.label}: {self.url}"


class Person(models.Model):
    """Someone who is or was in a group."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("web:person", args=[self.slug])


class PersonAlias(models.Model):
    """A spelling variant of a person's name ("Marc-Andre Lemburg", "MarcAndreLemburg")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"

    def __str__(self):
        return self.name


class Membership(Provenanced):
    """A person's seat in a group, with its role and dates; ended, never deleted."""

    Role = Role

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    voting = models.BooleanField(default=True)
    start = PartialDateField()
    end = PartialDateField()
    note = models.CharField(max_length=200, blank=True, help_text="As the source qualifies it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "end", "role", "person__name"]
        # The directory's chairs of a page of groups: current chairs and co-chairs only, a few
        # of the seats (at 10,000 synthetic groups, 11,292 of 300,000).
        indexes = [
            models.Index(
                fields=["group"],
                condition=models.Q(end__isnull=True, role__in=[Role.CHAIR, Role.CO_CHAIR]),
                name="membership_current_lead",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.role}) in {self.group}"

    @property
    def current(self) -> bool:
        return self.end is None

    def delete(self, *args, **kwargs):
        raise PermissionError("A membership is never deleted: end it instead.")


class Resolution(Provenanced):
    """A board resolution about a group, with its date and vote."""

    Kind = ResolutionKind

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="resolutions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300, blank=True)
    date = PartialDateField()
    date_inferred = models.BooleanField(
        default=False, help_text="Taken from the group's formed date, not stated."
    )
    text = models.TextField(help_text="Markdown.")
    # Derived from `text` on every save (and by Write.insert_rows): resolutions of the same
    # text, as the duplicate-resolution-text rule compares them, share it.
    text_key = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    vote_yes = models.PositiveSmallIntegerField(null=True, blank=True)
    vote_no = models.PositiveSmallIntegerField(null=True, blank=True)
    vote_abstain = models.PositiveSmallIntegerField(null=True, blank=True)
    medium = models.CharField(max_length=100, blank=True, help_text='e.g. "IRC vote".')
    position = models.PositiveIntegerField(default=0, help_text="Order in its source.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "position", "date"]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} resolution of {self.group}"

    def save(self, *args, **kwargs):
        self.text_key = text_key(self.text)
        fields = kwargs.get("update_fields")
        if fields is not None and "text" in fields:
            kwargs["update_fields"] = {*fields, "text_key"}
        super().save(*args, **kwargs)

    @classmethod
    def derived_columns(cls, row: dict) -> dict:
        """The columns a plain-row insert (Write.insert_rows) fills as save() would."""
        return {"text_key": text_key(row["text"])}

    @property
    def vote(self) -> dict | None:
        if self.vote_yes is None:
            return None
        return {"yes": self.vote_yes, "no": self.vote_no or 0, "abstain": self.vote_abstain or 0}


class Page(Provenanced):
    """A charter, meeting notes, member list or other material of a group (MyST Markdown)."""

    Kind = PageKind

    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="pages"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PAGE)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200)
    date = PartialDateField()
    path = models.CharField(
        max_length=500, unique=True, null=True, blank=True, help_text="Wiki path, without .md."
    )
    body = models.TextField(blank=True, help_text="MyST Markdown.")
    position = models.PositiveIntegerField(default=0, help_text="Charter version order.")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["group", "kind", "-date", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="unique_page_slug_per_group")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.group_id is None:
            return reverse("web:legacy-page", args=[self.slug])
        return reverse("web:page", args=[self.group.slug, self.slug])


class LegacyPath(models.Model):
    """An old wiki name (MoinMoin) and the current wiki path it was renamed to."""

    old = models.CharField(max_length=500, unique=True)
    new = models.CharField(max_length=500)

    class Meta:
        ordering = ["old"]

    def __str__(self):
        return f"{self.old} -> {self.new}"


class Claim(Provenanced):
    """What one source states about a group (status, formed, chair, roster...), kept to compare."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="claims")
    field = models.CharField(max_length=30, choices=ClaimField.choices)
    value = models.JSONField()

    class Meta:
        ordering = ["group", "field", "source__path", "line_start"]

    def __str__(self):
        return f"{self.group}: {self.field} = {self.value!r} ({self.cite})"


class RosterApproval(models.Model):
    """The board's approval of a group's roster on a date."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="roster_approvals")
    date = PartialDateField(blank=False, null=False)
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-date"]

    def __str__(self):
        return f"{self.group} roster approved {self.date}"
