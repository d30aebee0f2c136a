from django.contrib import admin

from workgroups.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be listed and revoked here; they are created with `workgroups token`."""

    list_display = ["user", "created", "last_used"]
    list_select_related = ["user"]
    readonly_fields = ["user", "created", "last_used"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False
