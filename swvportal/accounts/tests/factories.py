import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from swvportal.accounts.models import Membership, Role, User
from swvportal.tenancy.tests.factories import TenantFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.example")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.django.Password("correct-paard-batterij-niet")


class MembershipFactory(factory.django.DjangoModelFactory):
    """Create inside ``scopes_disabled()`` or a tenant scope (schools is a scoped relation)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    tenant = factory.SubFactory(TenantFactory)
    role = Role.BESTUURDER

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if create and extracted:
            self.schools.set(extracted)

    @factory.post_generation
    def with_totp(self, create, extracted, **kwargs):
        """Roles that see pupil data need a second factor before they get in."""
        if create and self.requires_mfa and not self.user.authenticator_set.exists():
            TOTP.activate(self.user, generate_totp_secret())
