from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workgroups.registry import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    fields = ["person", "role", "voting", "start", "end", "note"]
    autocomplete_fields = ["person"]
    extra = 0
    can_delete = False  # memberships end, they are never deleted


class ResolutionInline(admin.StackedInline):
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


class MailingListInline(admin.TabularInline):
    model = models.MailingList
    fields = ["address", "url", "position"]
    extra = 0


class LinkInline(admin.TabularInline):
    model = models.Link
    fields = ["label", "url", "position"]
    extra = 0


class GroupAliasInline(admin.TabularInline):
    model = models.GroupAlias
    extra = 0


@admin.register(models.Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "status", "formed", "dissolved", "version"]
    list_filter = ["status"]
    search_fields = ["name", "aliases__name", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "source", "line_start", "line_end"]
    inlines = [MailingListInline, LinkInline, GroupAliasInline, MembershipInline, ResolutionInline]


class PersonAliasInline(admin.TabularInline):
    model = models.PersonAlias
    extra = 0


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "group", "role", "voting", "start", "end"]
    list_filter = ["role", "voting", "group__status", "group"]
    search_fields = ["person__name", "group__name"]
    autocomplete_fields = ["person", "group"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "group", "kind", "date", "date_inferred"]
    list_filter = ["kind", "group"]
    search_fields = ["title", "text", "group__name"]


@admin.register(models.Page)
class PageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group", "kind", "date", "path"]
    list_filter = ["kind", "group"]
    search_fields = ["title", "path", "body"]


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["path", "kind"]
    list_filter = ["kind"]
    search_fields = ["path"]


@admin.register(models.Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["group", "field", "value", "source"]
    list_filter = ["field", "group"]


admin.site.register(models.LegacyPath, search_fields=["old", "new"])
admin.site.register(models.RosterApproval, SimpleHistoryAdmin)
admin.site.site_header = "Workgroups administration"
