"""Demo people and organisations: Northbridge Institute of Technology, its staff (one per role)
and learners, an industry partner and a professional body."""

from __future__ import annotations

from credstack.accounts.models import Membership, Organisation, Role, User

from . import DEMO_ORGANISATION_SLUG, DemoContext, DemoLogin

ORGANISATIONS = [
    {
        "slug": DEMO_ORGANISATION_SLUG,
        "name": "Northbridge Institute of Technology",
        "kind": Organisation.Kind.INSTITUTION,
        "description": "A public institute of technology offering degrees, diplomas and short, "
        "industry-backed micro-credentials in digital, health and engineering fields.",
        "url": "https://northbridge.example.edu",
        "email": "credentials@northbridge.example.edu",
        "brand_primary": "#1F4E79",
        "brand_secondary": "#F2A900",
    },
    {
        "slug": "harbour-digital",
        "name": "Harbour Digital Ltd",
        "kind": Organisation.Kind.INDUSTRY_PARTNER,
        "description": "A software and cloud consultancy that co-designs Northbridge's data and "
        "cloud credentials and provides industry assessors.",
        "url": "https://harbour-digital.example.com",
        "email": "partnerships@harbour-digital.example.com",
        "brand_primary": "#0B5563",
        "brand_secondary": "#F4A261",
    },
    {
        "slug": "institute-of-data-professionals",
        "name": "Institute of Data Professionals",
        "kind": Organisation.Kind.PROFESSIONAL_BODY,
        "description": "The professional body for data analysts and engineers; it recognises "
        "approved micro-credentials towards continuing professional development.",
        "url": "https://idp.example.org",
        "email": "cpd@idp.example.org",
        "brand_primary": "#5B2A86",
        "brand_secondary": "#E0B1CB",
    },
]

# (username, first name, last name, roles at Northbridge, description)
STAFF = [
    ("admin", "Amara", "Okafor", [Role.ADMINISTRATOR], "administrator (every role)"),
    ("designer", "Liam", "Chen", [Role.DESIGNER], "credential designer"),
    ("assessor", "Priya", "Raman", [Role.ASSESSOR], "assessor"),
    ("qa", "Margaret", "Doyle", [Role.QA_MANAGER], "QA / release manager"),
    ("issuer", "Tomás", "Alvarez", [Role.BADGE_ISSUER], "badge issuer"),
    ("facilitator", "Hana", "Kobayashi", [Role.FACILITATOR], "facilitator / mentor"),
    ("analyst", "Daniel", "Mensah", [Role.ANALYST], "analyst"),
]

LEARNERS = [
    ("learner1", "Sophie", "Turner", "school leaver"),
    ("learner2", "Mateo", "García", "graduate"),
    ("learner3", "Aisha", "Rahman", "mid-career professional"),
    ("learner4", "Ben", "O'Connell", "alumnus returning to study"),
]


def _person(ctx: DemoContext, username: str, first: str, last: str, domain: str) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@{domain}",
        password=ctx.password,
        first_name=first,
        last_name=last,
        display_name=f"{first} {last}",
    )
    ctx.users[username] = user
    return user


def build(ctx: DemoContext) -> None:
    for data in ORGANISATIONS:
        organisation = Organisation.objects.create(**data)
        ctx.organisations[organisation.slug] = organisation
    northbridge = ctx.institution
    partner = ctx.organisations["harbour-digital"]

    for username, first, last, roles, what in STAFF:
        user = _person(ctx, username, first, last, "northbridge.example.edu")
        for role in roles:
            Membership.objects.create(user=user, organisation=northbridge, role=role)
        ctx.logins.append(DemoLogin(username, user.name, f"{what} at Northbridge"))
    admin = ctx.users["admin"]
    admin.is_staff = admin.is_superuser = True  # also opens the Django admin at /admin/
    admin.save(update_fields=["is_staff", "is_superuser"])

    # An industry assessor works for the partner and assesses at Northbridge by invitation.
    industry = _person(
        ctx, "industry-assessor", "Grace", "Whitfield", "harbour-digital.example.com"
    )
    Membership.objects.create(user=industry, organisation=northbridge, role=Role.INDUSTRY_ASSESSOR)
    Membership.objects.create(user=industry, organisation=partner, role=Role.ADMINISTRATOR)
    ctx.logins.append(
        DemoLogin("industry-assessor", industry.name, "industry assessor (Harbour Digital)")
    )

    for username, first, last, what in LEARNERS:
        user = _person(ctx, username, first, last, "learners.example.net")
        user.visible_to_cohort = True
        user.save(update_fields=["visible_to_cohort"])
        ctx.logins.append(DemoLogin(username, user.name, f"learner ({what})"))
