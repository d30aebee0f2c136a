"""`workgroups token USERNAME`: create an API token and print it alone on the last line."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workgroups.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user; the token is printed once, on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(
                f"no user {username!r}: create one first (workgroups createsuperuser)"
            ) from None
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive")
        _, key = ApiToken.issue(user)
        if options["verbosity"] > 0:
            self.stdout.write(
                f"API token for {username} (shown only now; send it as "
                "'Authorization: Bearer <token>'):"
            )
        self.stdout.write(key)
