from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from swvportal.accounts.models import User
from swvportal.accounts.services import enrolment_code_issue


class Command(BaseCommand):
    help = (
        "Maak een eenmalige activeringscode waarmee een gebruiker na het inloggen met het "
        "wachtwoord de tweestapsverificatie mag instellen: enrolment_code EMAIL [--hours N]. "
        "Een eerdere, ongebruikte code van deze gebruiker vervalt."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--hours", type=int, default=72, help="Zo lang is de code geldig (standaard 72)."
        )

    def handle(self, *args, email, hours, **options):
        if hours < 1:
            raise CommandError("--hours moet minstens 1 zijn.")
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"Onbekende of niet-actieve gebruiker: {email}.")
        code = enrolment_code_issue(user=user, valid_for=timedelta(hours=hours))
        self.stdout.write(
            f"Activeringscode voor {user.email}: {code}  (eenmalig, {hours} uur geldig). "
            "Geef de code persoonlijk of telefonisch door, niet in dezelfde e-mail als het "
            "wachtwoord."
        )
