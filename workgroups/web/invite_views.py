"""Accounts from the site: inviting a person by e-mail, linking an account, taking an invitation.

The views collect input and show errors; `workgroups.registry.invitations` checks who may
invite whom, creates and links the account and sends the e-mail. Choosing the password is
Django's own password-reset confirmation (its tokens, its `SetPasswordForm`), on an
invitation's words.
"""

from __future__ import annotations

from django import forms as django_forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse

from workgroups.registry import invitations, permissions
from workgroups.registry.models import Group, Membership, Person
from workgroups.web import forms
from workgroups.web.edit_views import OperationView

# ModelBackend signs the invited person in: with django-axes beside it Django must be told one.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class InviteForm(forms.OperationForm):
    email = django_forms.CharField(
        label="E-mail address",
        max_length=254,
        required=False,
        help_text="The invitation goes there; it becomes the account's address.",
        # A text input: the site's forms style those, and the operation checks the address.
        widget=django_forms.TextInput(
            attrs={"inputmode": "email", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = "Why, in a few words (kept with who invited whom)."

    def operation_kwargs(self) -> dict:
        data = super().operation_kwargs()
        data.pop("expected_version", None)  # an invitation changes no group
        return data


class LinkAccountForm(forms.OperationForm):
    account = django_forms.CharField(
        label="Username or e-mail address",
        max_length=254,
        required=False,
        help_text="An account that already exists and belongs to no one else in the registry.",
    )
    error_fields = {"user": "account"}

    def operation_kwargs(self) -> dict:
        data = super().operation_kwargs()
        data.pop("expected_version", None)
        return data


class _PersonView(OperationView):
    """An account operation on the person the URL names (a seat, or the person's slug)."""

    template_name = "web/invite/invite.html"
    person: Person
    seat: Membership | None = None

    def prepare(self):
        if self.group is not None:
            self.seat = get_object_or_404(
                Membership.objects.select_related("person"),
                pk=self.kwargs["pk"],
                group=self.group,
                end__isnull=True,
            )
            self.person = self.seat.person
        else:
            self.person = get_object_or_404(
                Person.objects.select_related("user"), slug=self.kwargs["person"]
            )

    def get_initial(self):
        return {}

    def back_url(self) -> str:
        if self.group is not None:
            return reverse("edit:roster", args=[self.group.slug])
        return self.person.get_absolute_url()

    def next_url(self, result) -> str:
        return self.back_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            account=self.person.user,
            back_url=self.back_url(),
            board=permissions.is_board(self.request.user),
            **kwargs,
        )


class Invite(_PersonView):
    form_class = InviteForm
    operation = staticmethod(invitations.invite)
    submit = "Send the invitation"

    def prepare(self):
        super().prepare()
        if not invitations.may_invite(self.request.user, self.person, self.group):
            raise PermissionDenied
        name = self.person.name
        self.title = f"Invite {name} to sign in"
        self.intro = (
            f"{name} gets an account and an e-mail with a link, good for one use, to choose a "
            "password; then they keep their group's record themselves."
        )

    def operation_kwargs(self):
        return {"person": self.person, "group": self.group, "link": self.link}

    def link(self, uidb64: str, token: str, group: Group | None) -> str:
        args = [uidb64, token] + ([group.slug] if group is not None else [])
        return self.request.build_absolute_uri(reverse("invite:accept", args=args))

    def check_operation(self, form) -> None:
        # The checks only: running the operation itself would send the e-mail.
        refused = frozenset(form.errors)
        data = form.checked_kwargs()
        try:
            invitations.check_invite(
                user=self.request.user, person=self.person, group=self.group, **data
            )
        except ValidationError as exc:
            form.show_errors(exc, refused=refused)

    def message(self, invitation):
        return (
            f"Invitation sent to {invitation.email}: {invitation.person.name} signs in as "
            f"{invitation.account.get_username()} once they choose a password."
        )


class LinkAccount(_PersonView):
    form_class = LinkAccountForm
    operation = staticmethod(invitations.link_existing)
    submit = "Link the account"

    def prepare(self):
        super().prepare()
        if not permissions.can(self.request.user, permissions.Action.LINK_ACCOUNT):
            raise PermissionDenied
        self.title = f"Link {self.person.name} to an existing account"
        self.intro = f"{self.person.name} then edits what their seats allow, signed in with it."

    def operation_kwargs(self):
        return {"person": self.person}

    def message(self, person):
        return f"{person.name} signs in as {person.user.get_username()}."


# No account of the site existed before these, so theirs are held to Django's usual rules.
PASSWORD_VALIDATORS = [
    password_validation.UserAttributeSimilarityValidator(),
    password_validation.MinimumLengthValidator(10),
    password_validation.CommonPasswordValidator(),
    password_validation.NumericPasswordValidator(),
]


class PasswordForm(SetPasswordForm):
    """Django's SetPasswordForm in the site's words, with its usual password rules."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "Password", "Password again"
        first.help_text = password_validation.password_validators_help_text_html(
            PASSWORD_VALIDATORS
        )
        second.help_text = "The same password, to be sure it is typed as meant."

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        password_validation.validate_password(password, self.user, PASSWORD_VALIDATORS)
        return password


invite_seat = Invite.as_view(action=permissions.Action.EDIT_ROSTER)
invite_person = Invite.as_view()
link_account = LinkAccount.as_view()


class Accept(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password, be signed in, land on the group's edit page.

    Only an account without a password takes an invitation; once one is chosen, the token
    (made from the password) no longer matches, so the link works once.
    """

    template_name = "web/invite/accept.html"
    form_class = PasswordForm
    post_reset_login = True
    post_reset_login_backend = SIGN_IN_BACKEND

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is not None and user.has_usable_password():
            return None
        return user

    def get_success_url(self):
        group = Group.objects.filter(slug=self.kwargs.get("group") or "").first()
        person = Person.objects.filter(user=self.user).first()
        if group is None and person is not None:
            group = invitations.landing_group(person)
        return reverse("edit:hub", args=[group.slug]) if group else reverse("edit:dashboard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = getattr(self, "user", None)
        context.update(
            person=Person.objects.filter(user=user).first() if user else None,
            account=user,
            days=max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        )
        return context


accept = Accept.as_view()
