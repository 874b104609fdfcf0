"""Demo data for RefSVO (VO0001): the tenant and fictional schools.

The seed OSP names no schools except the two OPDC locations (Dordrecht and Ede); every other
school here is invented. BRIN codes starting with 99 are not issued by DUO, so they cannot be
mistaken for real schools.
"""

from __future__ import annotations

from .models import School, SchoolKind, Sector, Tenant

DEMO_TENANT = {"code": "VO0001", "name": "RefSVO", "sector": Sector.VO}

DEMO_SCHOOLS = [
    ("99RA00", "Lindenhof College", SchoolKind.VO, "Gouda", "Stichting Lindenhof (fictief)"),
    (
        "99RB00",
        "De Wingerd Scholengemeenschap",
        SchoolKind.VO,
        "Barneveld",
        "Vereniging De Wingerd (fictief)",
    ),
    ("99RC00", "Hoeksteen Lyceum", SchoolKind.VO, "Rotterdam", "Stichting Hoeksteen (fictief)"),
    ("99RD00", "Kompas College", SchoolKind.VO, "Kampen", "Stichting Kompas (fictief)"),
    ("99RE00", "Zeeuwse Akker", SchoolKind.VO, "Goes", "Vereniging Zeeuwse Akker (fictief)"),
    (
        "99RF00",
        "Het Baken Praktijkonderwijs",
        SchoolKind.PRO,
        "Apeldoorn",
        "Stichting Lindenhof (fictief)",
    ),
    ("99RG00", "De Ark vso", SchoolKind.VSO_CLUSTER3, "Ede", "Stichting De Ark (fictief)"),
    ("99RH00", "Het Anker vso", SchoolKind.VSO_CLUSTER4, "Dordrecht", "Stichting De Ark (fictief)"),
    ("99RJ00", "OPDC Dordrecht", SchoolKind.OPDC, "Dordrecht", "RefSVO"),
    ("99RK00", "OPDC Ede", SchoolKind.OPDC, "Ede", "RefSVO"),
]


def seed_tenant() -> Tenant:
    tenant, _ = Tenant.objects.update_or_create(
        code=DEMO_TENANT["code"],
        defaults={"name": DEMO_TENANT["name"], "sector": DEMO_TENANT["sector"], "is_demo": True},
    )
    return tenant


def seed_schools(tenant: Tenant) -> list[School]:
    """Runs inside the tenant's scope."""
    schools = []
    for brin, name, kind, municipality, board in DEMO_SCHOOLS:
        school, _ = School.objects.update_or_create(
            tenant=tenant,
            brin=brin,
            defaults={
                "name": name,
                "kind": kind,
                "municipality": municipality,
                "board": board,
                "is_demo": True,
            },
        )
        schools.append(school)
    return schools
