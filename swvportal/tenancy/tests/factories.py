import factory

from swvportal.tenancy.models import School, SchoolKind, Sector, Tenant


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"VO{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Samenwerkingsverband {n}")
    sector = Sector.VO


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    tenant = factory.SubFactory(TenantFactory)
    # 30–89: never the fixed BRINs of the test personas (11.., 22..).
    brin = factory.Sequence(
        lambda n: f"{30 + n // 676 % 60:02d}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}00"
    )
    name = factory.Sequence(lambda n: f"School {n}")
    kind = SchoolKind.VO
    municipality = "Gouda"
    board = "Stichting Voorbeeld"
