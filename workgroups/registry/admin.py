"""The Django admin: a read-only view of the registry for staff.

Every change to the record goes through the registry's operations (workgroups.registry.services)
so that versions are bumped, resolutions take effect and the history says who and why. The
admin's own forms would write around them, so the registry's models are read-only here and each
page links to the site's editing page instead. The one thing edited here is which account a
person signs in with, and that too through its operation (`services.link_account`).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from workgroups.registry import models, services


class ReadOnly:
    """View permission only: no adding, changing or deleting, whatever the user's permissions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegistryAdmin(ReadOnly, admin.ModelAdmin):
    """A registry model, read-only, with a link to where the site edits it."""

    def site_edit_url(self, obj) -> str | None:
        group = obj if isinstance(obj, models.Group) else getattr(obj, "group", None)
        return reverse("edit:hub", args=[group.slug]) if group is not None else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["site_edit_url"] = self.site_edit_url(obj) if obj is not None else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The permissions above already refuse these; a write that got here anyway is refused too.
    def save_model(self, request, obj, form, change):
        raise PermissionDenied

    def delete_model(self, request, obj):
        raise PermissionDenied


class HistoriedRegistryAdmin(RegistryAdmin, SimpleHistoryAdmin):
    """Also lists the model's recorded versions, which it shows but never reverts to."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a POSTed revert without asking for the change permission.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyTabular(ReadOnly, admin.TabularInline):
    extra = 0


class MembershipInline(ReadOnlyTabular):
    model = models.Membership
    fields = ["person", "role", "voting", "start", "end", "note"]


class ResolutionInline(ReadOnly, admin.StackedInline):
    model = models.Resolution
    fields = [
        "kind",
        "title",
        "date",
        "date_inferred",
        "text",
        ("vote_yes", "vote_no", "vote_abstain"),
        "medium",
    ]
    extra = 0


class MailingListInline(ReadOnlyTabular):
    model = models.MailingList
    fields = ["address", "url", "position"]


class LinkInline(ReadOnlyTabular):
    model = models.Link
    fields = ["label", "url", "position"]


class GroupAliasInline(ReadOnlyTabular):
    model = models.GroupAlias


@admin.register(models.Group)
class GroupAdmin(HistoriedRegistryAdmin):
    list_display = ["name", "status", "formed", "dissolved", "version"]
    list_filter = ["status"]
    search_fields = ["name", "aliases__name", "purpose"]
    inlines = [MailingListInline, LinkInline, GroupAliasInline, MembershipInline, ResolutionInline]


class PersonAliasInline(ReadOnlyTabular):
    model = models.PersonAlias


class PersonAccountForm(forms.ModelForm):
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why, in a few words (kept in the admin's log).",
    )

    class Meta:
        model = models.Person
        fields = ["user"]


@admin.register(models.Person)
class PersonAdmin(RegistryAdmin):
    """Read-only but for the account the person signs in with (how a chair gets to edit)."""

    list_display = ["name", "slug", "user"]
    search_fields = ["name", "aliases__name"]
    form = PersonAccountForm
    fields = ["name", "slug", "user", "comment"]
    readonly_fields = ["name", "slug"]
    inlines = [PersonAliasInline]

    def site_edit_url(self, obj) -> str | None:
        return None  # the site edits groups; a person's account is set here

    def has_change_permission(self, request, obj=None):
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def save_model(self, request, obj, form, change):
        # Only the account is taken from the form: the operation writes it and nothing else.
        services.link_account(
            person=obj,
            account=form.cleaned_data["user"],
            user=request.user,
            comment=form.cleaned_data["comment"],
        )

    def construct_change_message(self, request, form, formsets, add=False):
        # Accounts have no history of their own: the admin's log keeps who (its user) and why.
        account = form.cleaned_data["user"]
        message = (
            f"Signs in as {account.get_username()}." if account else "Signs in with no account."
        )
        comment = form.cleaned_data["comment"].strip()
        return f"{message} {comment}" if comment else message


@admin.register(models.Membership)
class MembershipAdmin(HistoriedRegistryAdmin):
    list_display = ["person", "group", "role", "voting", "start", "end"]
    list_filter = ["role", "voting", "group__status", "group"]
    search_fields = ["person__name", "group__name"]


@admin.register(models.Resolution)
class ResolutionAdmin(HistoriedRegistryAdmin):
    list_display = ["__str__", "group", "kind", "date", "date_inferred"]
    list_filter = ["kind", "group"]
    search_fields = ["title", "text", "group__name"]


@admin.register(models.Page)
class PageAdmin(HistoriedRegistryAdmin):
    list_display = ["title", "group", "kind", "date", "path"]
    list_filter = ["kind", "group"]
    search_fields = ["title", "path", "body"]


@admin.register(models.RosterApproval)
class RosterApprovalAdmin(HistoriedRegistryAdmin):
    list_display = ["group", "date", "resolution", "note"]
    list_filter = ["group"]


@admin.register(models.MailingList)
class MailingListAdmin(HistoriedRegistryAdmin):
    list_display = ["address", "group", "url"]
    search_fields = ["address", "group__name"]


@admin.register(models.Link)
class LinkAdmin(HistoriedRegistryAdmin):
    list_display = ["label", "group", "url"]
    search_fields = ["label", "url", "group__name"]


@admin.register(models.GroupAlias)
class GroupAliasAdmin(HistoriedRegistryAdmin):
    list_display = ["name", "kind", "group"]
    list_filter = ["kind"]
    search_fields = ["name", "group__name"]


@admin.register(models.Source)
class SourceAdmin(RegistryAdmin):
    list_display = ["path", "kind"]
    list_filter = ["kind"]
    search_fields = ["path"]


@admin.register(models.Claim)
class ClaimAdmin(RegistryAdmin):
    list_display = ["group", "field", "value", "source"]
    list_filter = ["field", "group"]


@admin.register(models.LegacyPath)
class LegacyPathAdmin(RegistryAdmin):
    list_display = ["old", "new"]
    search_fields = ["old", "new"]


admin.site.site_header = "Workgroups administration"
