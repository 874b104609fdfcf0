from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from swvportal.accounts.models import Role
from swvportal.accounts.services import membership_set, user_get_or_create
from swvportal.tenancy.models import School, normalize_brin
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Geef een persoon een rol in een samenwerkingsverband (maakt het account aan als het nog "
        "niet bestaat): adduser EMAIL --tenant CODE --role ROL [--school BRIN ...] "
        "[--password-file F]"
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--school",
            action="append",
            default=[],
            metavar="BRIN",
            help="Voor een zorgcoördinator; mag vaker.",
        )
        parser.add_argument(
            "--password-file",
            type=Path,
            help="Bestand met het wachtwoord. Zonder: de persoon stelt het in via "
            "'wachtwoord vergeten'.",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, email, tenant, role, school, password_file, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Ongeldig e-mailadres: {email!r}.") from None
        password = self._password(password_file)
        swv = tenant_for_command(tenant)
        with tenant_scope(swv), transaction.atomic():
            schools = self._schools(school)
            user, created = user_get_or_create(
                email=email,
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
            try:
                membership_set(user=user, tenant=swv, role=role, schools=schools)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        verb = "Aangemaakt" if created else "Bijgewerkt"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {user.email} is {role} bij {swv.code}."))

    def _password(self, path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            password = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"Wachtwoordbestand niet leesbaar: {exc.strerror}.") from None
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("Wachtwoord afgewezen: " + " ".join(exc.messages)) from None
        return password

    def _schools(self, brins: list[str]) -> list[School]:
        wanted = [normalize_brin(b) for b in brins]
        found = {s.brin: s for s in School.objects.filter(brin__in=wanted)}
        unknown = [b for b in wanted if b not in found]
        if unknown:
            raise CommandError(
                f"Onbekende school (BRIN) in dit samenwerkingsverband: {', '.join(unknown)}."
            )
        return [found[b] for b in wanted]
