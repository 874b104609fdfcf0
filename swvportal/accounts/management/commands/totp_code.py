from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.accounts.models import User


class Command(BaseCommand):
    help = (
        "Toon de huidige tweestapscode van een demogebruiker, zodat de demo zonder telefoon werkt. "
        "Weigert voor iedereen die lid is van een echt (niet-demo) samenwerkingsverband."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker: {email}.")
        with scopes_disabled():  # the person's own memberships, across tenants
            tenants = [m.tenant for m in user.memberships.select_related("tenant")]
        if not tenants or not all(t.is_demo for t in tenants):
            raise CommandError(
                "Alleen voor demogebruikers: deze gebruiker hoort bij een echt "
                "samenwerkingsverband, of bij geen enkel."
            )
        device = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if device is None:
            raise CommandError("Deze gebruiker heeft geen tweestapsverificatie ingesteld.")
        secret = decrypt(device.data["secret"])
        now = int(timezone.now().timestamp())
        period = app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(secret, now // period))
        self.stdout.write(f"{code}  (nog {period - now % period} seconden geldig)")
