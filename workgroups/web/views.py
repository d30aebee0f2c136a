from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from workgroups.registry.models import Group, Page, Person


class DirectoryView(ListView):
    template_name = "web/directory.html"
    context_object_name = "groups"

    def get_queryset(self):
        return Group.objects.all()


class GroupDetailView(DetailView):
    template_name = "web/group.html"
    context_object_name = "group"

    def get_queryset(self):
        return Group.objects.prefetch_related("memberships__person", "resolutions", "pages")


class PageDetailView(DetailView):
    template_name = "web/page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Page.objects.select_related("group"),
            group__slug=self.kwargs["group"],
            slug=self.kwargs["slug"],
        )


class LegacyPageView(DetailView):
    template_name = "web/page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_object_or_404(Page, group=None, slug=self.kwargs["slug"])


class PersonDetailView(DetailView):
    template_name = "web/person.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related("memberships__group")


def not_found(request, exception=None):
    return render(request, "web/404.html", status=404)


def server_error(request):
    return render(request, "web/500.html", status=500)
