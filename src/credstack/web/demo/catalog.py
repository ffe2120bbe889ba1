"""The demo catalogue: an EQF scale, 23 micro-credentials in every lifecycle state, stacks
leading to larger awards, pathways into external degrees, and scheduled offerings.

Everything goes through the catalog's services with the demo's real roles (the designer
writes, the QA manager approves and publishes), so the demo's audit log and lifecycle history
read like an institution's. When the skills builder ran first, credentials are aligned to the
framework skills whose titles match their keywords.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import Level, LevelScale, MicroCredential
from credstack.catalog.services import (
    CredentialInput,
    CriterionInput,
    OfferingInput,
    OutcomeInput,
    PathwayInput,
    StackInput,
    approve,
    create_credential,
    ensure_default_checklist,
    publish,
    retire,
    save_offering,
    save_pathway,
    save_stack,
    start_new_version,
    submit_for_review,
    update_credential,
)
from credstack.skills.models import FrameworkItem

from . import DemoContext

EQF = [
    "Basic general knowledge",
    "Basic factual knowledge of a field",
    "Knowledge of facts, principles and processes",
    "Factual and theoretical knowledge in broad contexts",
    "Comprehensive, specialised knowledge",
    "Advanced knowledge involving critical understanding",
    "Highly specialised knowledge, original thinking",
    "Knowledge at the most advanced frontier",
]

# code, title, summary, hours, EQF level, ECTS, mode, price, tags, skill keywords, outcomes, state
# fmt: off
CREDENTIALS: list[tuple] = [
    ('DATA-101', 'Python for Data Analysis', 'Load, clean and summarise real data sets with Python and pandas.', 25, 5, '2', 'online', '0', ['Data', 'Python'], ['python', 'data cleaning'],
     ['Load tabular data from files and databases into pandas.', 'Clean and reshape messy data, documenting every decision.', 'Summarise a data set with grouped statistics that answer a business question.'], 'published'),
    ('DATA-110', 'SQL for Analysts', 'Query relational databases confidently, from joins to window functions.', 20, 5, '2', 'online', '150', ['Data', 'SQL'], ['sql', 'database'],
     ['Write SELECT queries with joins, filters and aggregates.', 'Use window functions to rank and compare rows.', 'Explain a query plan and speed up a slow query.'], 'published'),
    ('DATA-120', 'Data Visualisation and Storytelling', 'Turn analysis into charts and narratives that decision-makers act on.', 20, 5, '2', 'blended', '150', ['Data', 'Communication'], ['visualisation', 'storytelling'],
     ['Choose a chart form that fits the question and the data.', 'Design accessible charts following perception principles.', 'Present a data story to a non-specialist audience.'], 'published'),
    ('DATA-201', 'Applied Statistics for Decision Making', 'Estimate, test and communicate uncertainty in business data.', 30, 6, '3', 'online', '250', ['Data', 'Statistics'], ['statistic', 'hypothesis'],
     ['Estimate population parameters with confidence intervals.', 'Design and interpret an A/B test.', 'Communicate uncertainty honestly to stakeholders.'], 'published'),
    ('DATA-210', 'Machine Learning Foundations', 'Build, validate and explain supervised learning models.', 40, 6, '4', 'online', '300', ['Data', 'Machine learning'], ['machine learning', 'model'],
     ['Frame a business problem as a supervised learning task.', 'Train and cross-validate regression and classification models.', "Explain a model's predictions and limits to a non-specialist."], 'published'),
    ('DATA-220', 'Data Ethics and Governance', 'Handle personal data lawfully and build fair, accountable analytics.', 15, 6, '1', 'online', '0', ['Data', 'Ethics'], ['ethics', 'privacy', 'governance'],
     ['Apply GDPR principles to an analytics project.', 'Identify and mitigate bias in a data set and model.'], 'draft'),
    ('SEC-101', 'Cyber Security Fundamentals', 'Understand threats, controls and the habits that keep organisations safe.', 20, 4, '2', 'online', '0', ['Security'], ['security', 'threat'],
     ['Describe common attack types and the controls that counter them.', 'Apply password, patching and phishing-awareness practices.', 'Report a suspected incident through the right channel.'], 'published'),
    ('SEC-110', 'Network Security Essentials', 'Secure small networks with firewalls, segmentation and monitoring.', 30, 5, '3', 'blended', '200', ['Security', 'Networks'], ['network'],
     ['Design a segmented network for a small organisation.', 'Configure firewall rules that enforce least privilege.', 'Read network logs to spot suspicious traffic.'], 'published'),
    ('SEC-201', 'Security Operations and Incident Response', 'Detect, triage and respond to incidents in a security operations centre.', 35, 6, '3', 'face_to_face', '350', ['Security'], ['incident', 'monitoring'],
     ['Triage alerts using a documented playbook.', 'Contain and eradicate an incident while preserving evidence.', 'Write a post-incident review with actionable lessons.'], 'published'),
    ('SEC-210', 'Cloud Security Architecture', 'Design secure workloads on public cloud platforms.', 30, 6, '3', 'online', '300', ['Security', 'Cloud'], ['cloud'],
     ['Apply the shared-responsibility model to a cloud design.', 'Design identity and access controls for a cloud workload.'], 'in_review'),
    ('LEAD-101', 'Leading Digital Teams', 'Lead hybrid, digital teams with clarity, trust and feedback.', 15, 5, '1', 'blended', '180', ['Leadership'], ['leadership', 'team'],
     ['Set clear goals and working agreements for a hybrid team.', 'Give and receive feedback that improves performance.'], 'published'),
    ('LEAD-110', 'Agile Project Delivery', 'Plan and deliver projects iteratively with Scrum and Kanban.', 20, 5, '2', 'online', '180', ['Leadership', 'Agile'], ['agile', 'project'],
     ['Plan a release as a prioritised backlog.', 'Run sprint events that surface risks early.', "Measure flow and improve a team's delivery."], 'published'),
    ('LEAD-120', 'Change Management for Digital Transformation', 'Lead people through technology-driven change.', 20, 6, '2', 'online', '220', ['Leadership', 'Change'], ['change'],
     ['Diagnose readiness for a digital change.', 'Design a communication and engagement plan.', 'Measure adoption and adjust the change plan.'], 'published'),
    ('LEAD-201', 'Strategic Digital Leadership', 'Shape digital strategy and investment at organisational level.', 25, 7, '3', 'face_to_face', '450', ['Leadership', 'Strategy'], ['strategy'],
     ['Evaluate digital investment options against strategy.', 'Build a business case with benefits and risks.'], 'approved'),
    ('SUS-101', 'Sustainability in Operations', 'Measure and reduce the environmental footprint of operations.', 15, 4, '1', 'online', '0', ['Sustainability'], ['sustainab', 'carbon'],
     ["Measure an operation's carbon footprint with a recognised method.", 'Propose reductions ranked by cost and impact.'], 'published'),
    ('SUS-110', 'Circular Economy Practice', 'Redesign products and processes for reuse and recovery.', 20, 5, '2', 'blended', '120', ['Sustainability'], ['circular'],
     ["Map material flows through a product's life.", 'Redesign a process to keep materials in use.'], 'published'),
    ('HSC-101', 'Workplace Health and Safety', 'Identify hazards and control risks in everyday work.', 10, 3, '1', 'face_to_face', '90', ['Safety'], ['safety', 'risk'],
     ['Identify hazards in a workplace walk-through.', 'Complete a risk assessment using the hierarchy of controls.'], 'published'),
    ('HSC-110', 'Mental Health First Aid at Work', 'Recognise and respond to colleagues in mental health difficulty.', 12, 4, '1', 'face_to_face', '120', ['Wellbeing'], ['wellbeing', 'mental health'],
     ['Recognise early signs of mental health difficulty.', 'Respond supportively and signpost to help.'], 'published'),
    ('COM-101', 'Professional Writing for the Workplace', 'Write clear emails, reports and proposals people act on.', 10, 4, '1', 'online', '0', ['Communication'], ['writing', 'communication'],
     ['Plan and structure a document for its reader.', 'Edit for plain language and accessibility.'], 'published'),
    ('COM-110', 'Presenting with Confidence', 'Plan and deliver presentations that persuade.', 8, 4, '0.5', 'face_to_face', '80', ['Communication'], ['presentation'],
     ['Structure a presentation around a single message.', 'Deliver it with confident voice and body language.'], 'published'),
    ('CX-101', 'Customer Experience Design', 'Map journeys and design services around customer needs.', 20, 5, '2', 'online', '160', ['Design', 'Customer'], ['customer', 'journey'],
     ['Map a customer journey from research evidence.', 'Prototype and test a service improvement.'], 'published'),
    ('OFF-101', 'Spreadsheet Essentials', 'Build reliable spreadsheets with formulas, tables and charts.', 10, 3, '1', 'online', '0', ['Data', 'Spreadsheets'], ['spreadsheet'],
     ['Build formulas that stay correct as data changes.', 'Summarise data with tables and charts.'], 'retired'),
    ('AI-101', 'Generative AI at Work', 'Use generative AI tools productively, safely and ethically.', 8, 4, '0.5', 'online', '0', ['AI', 'Data'], ['artificial intelligence', 'prompt'],
     ['Write prompts that produce useful, checkable output.', 'Evaluate AI output for accuracy, bias and confidentiality risks.'], 'published'),
]
# fmt: on


# Each credential's prerequisites (all listed earlier in CREDENTIALS).
PREREQUISITES = {
    "DATA-201": ["DATA-101"],
    "DATA-210": ["DATA-101", "DATA-201"],
    "SEC-201": ["SEC-101"],
}


def _items(organisation: Organisation) -> list[FrameworkItem]:
    """Current skills the institution may align to: its own frameworks' and shared ones."""
    return list(
        FrameworkItem.objects.filter(kind=FrameworkItem.Kind.SKILL)
        .filter(Q(framework__organisation=organisation) | Q(framework__organisation__isnull=True))
        .filter(framework__next_version__isnull=True)
        .select_related("framework")
        .order_by("framework__title", "code")
    )


def _align(
    credential: MicroCredential, keywords: list[str], items: list[FrameworkItem], actor: User
) -> None:
    from credstack.skills.services import align

    matched = [i for i in items if any(k in i.title.lower() for k in keywords)][:3]
    for item in matched:
        align(credential, item, None, actor)


def _document(row: tuple, levels: dict[int, Level], partners: list[int]) -> CredentialInput:
    code, title, summary, hours, level, credit, mode, price, tags, _keywords, outcomes, _state = row
    return CredentialInput(
        code=code,
        title=title,
        short_description=summary,
        design_narrative=f"Earners of {title} can show an employer real work: {outcomes[-1][0].lower()}{outcomes[-1][1:]}",
        volume_hours=hours,
        level_id=levels[level].pk,
        credit_value=Decimal(credit),
        delivery_mode=mode,
        price=Decimal(price),
        fee_waivers="Fees are waived for Northbridge alumni and for learners receiving income support."
        if Decimal(price)
        else "",
        content_sourcing="built" if hours >= 20 else "curated_oer",
        content_licence="" if hours >= 20 else "CC BY 4.0",
        assessment_methods="A workplace-based project, judged against each criterion as met or not yet met, with one resubmission.",
        evidence_required="The project artefact and a 500-word reflective account.",
        validity_months=36 if code.startswith("SEC") else None,
        outcomes=[OutcomeInput(text) for text in outcomes],
        criteria=[
            CriterionInput(
                f"The evidence shows the earner can {text[0].lower()}{text[1:]}",
                outcome_positions=(i,),
            )
            for i, text in enumerate(outcomes)
        ],
        tags=tags,
        partner_ids=partners,
    )


def build(ctx: DemoContext) -> None:
    org = ctx.institution
    designer, qa = ctx.users["designer"], ctx.users["qa"]
    scale, _ = LevelScale.objects.get_or_create(
        slug="eqf",
        defaults={
            "name": "European Qualifications Framework",
            "description": "The EQF's eight levels of learning outcomes.",
        },
    )
    levels = {
        rank: Level.objects.get_or_create(scale=scale, rank=rank, defaults={"name": name})[0]
        for rank, name in enumerate(EQF, start=1)
    }
    checks = ensure_default_checklist(ctx.users.get("admin"), org)
    answers = {str(c.pk): {"answer": "yes", "note": ""} for c in checks}
    items = _items(org)
    partner = ctx.organisations.get("harbour-digital")
    made: dict[str, MicroCredential] = {}
    for row in CREDENTIALS:
        code, state, keywords = row[0], row[-1], row[9]
        partners = [partner.pk] if partner and code.startswith(("DATA-2", "SEC-2")) else []
        document = _document(row, levels, partners)
        document.prerequisite_ids = [made[n].pk for n in PREREQUISITES.get(code, [])]
        credential = create_credential(designer, org, document)
        if items:
            _align(credential, keywords, items, designer)
        made[code] = credential
        if state == "draft":
            continue
        submit_for_review(designer, credential, "Ready for quality review.")
        if state == "in_review":
            continue
        approve(
            qa,
            credential,
            checklist=answers,
            comment="Outcomes, criteria and content meet our quality principles.",
        )
        if state == "approved":
            continue
        publish(qa, credential, "Released for the next intake.")
        if state == "retired":
            retire(
                qa,
                credential,
                "Superseded by Python for Data Analysis; spreadsheet content moves into DATA-101.",
            )

    # Version 2 of DATA-101: a refreshed curriculum, reviewed and published over version 1.
    v2 = start_new_version(designer, made["DATA-101"])
    row = next(r for r in CREDENTIALS if r[0] == "DATA-101")
    document = _document(row, levels, [])
    document.short_description = (
        "Load, clean and summarise real data sets with Python, pandas and notebooks."
    )
    document.outcomes.append(
        OutcomeInput("Share a reproducible analysis as a documented notebook.")
    )
    document.criteria.append(
        CriterionInput(
            "The notebook re-runs end to end and explains each step.", outcome_positions=(3,)
        )
    )
    v2 = update_credential(designer, v2, document)
    submit_for_review(designer, v2, "Version 2 adds reproducible notebooks.")
    approve(qa, v2, checklist=answers, comment="The new outcome is assessed by the new criterion.")
    made["DATA-101"] = publish(qa, v2, "Version 2 replaces version 1 for the spring intake.")

    analytics = save_stack(
        designer,
        org,
        StackInput(
            title="Applied Data Analytics",
            award_title="Graduate Certificate in Applied Data Analytics",
            description="Five micro-credentials from data wrangling to machine learning; 10 ECTS earns the graduate certificate.",
            rule="credit_threshold",
            credit_threshold=Decimal("10"),
            member_ids=[
                made[c].pk for c in ("DATA-101", "DATA-110", "DATA-120", "DATA-201", "DATA-210")
            ],
        ),
    )
    security = save_stack(
        designer,
        org,
        StackInput(
            title="Cyber Security Operations",
            award_title="Certificate in Cyber Security Operations",
            description="From fundamentals to the operations centre: all three credentials earn the certificate.",
            rule="all_of",
            member_ids=[made[c].pk for c in ("SEC-101", "SEC-110", "SEC-201")],
        ),
    )
    leadership = save_stack(
        designer,
        org,
        StackInput(
            title="Digital Leadership",
            award_title="Professional Certificate in Digital Leadership",
            description="Any three of four leadership credentials.",
            rule="n_of",
            required_count=3,
            member_ids=[made[c].pk for c in ("LEAD-101", "LEAD-110", "LEAD-120", "LEAD-201")],
        ),
    )
    sustainability = save_stack(
        designer,
        org,
        StackInput(
            title="Sustainable Operations",
            award_title="Certificate in Sustainable Operations",
            rule="all_of",
            member_ids=[made[c].pk for c in ("SUS-101", "SUS-110")],
        ),
    )

    for data in [
        PathwayInput(
            title="Credit toward the MSc Data Science",
            from_stack_id=analytics.pk,
            external_award="MSc Data Science",
            external_institution="Northbridge Institute of Technology",
            credit_granted=Decimal("30"),
            description="Holders of the graduate certificate enter the MSc with 30 ECTS of advanced standing.",
        ),
        PathwayInput(
            title="Credit toward the BSc (Hons) Cyber Security",
            from_stack_id=security.pk,
            external_award="BSc (Hons) Cyber Security",
            external_institution="Northbridge Institute of Technology",
            credit_granted=Decimal("20"),
        ),
        PathwayInput(
            title="Credit toward the MBA (Digital Transformation)",
            from_stack_id=leadership.pk,
            external_award="MBA (Digital Transformation)",
            external_institution="Harbour Business School",
            credit_granted=Decimal("15"),
        ),
        PathwayInput(
            title="Next: applied statistics",
            from_credential_id=made["DATA-101"].pk,
            to_credential_id=made["DATA-201"].pk,
        ),
        PathwayInput(
            title="Into the analytics stack",
            from_credential_id=made["AI-101"].pk,
            to_stack_id=analytics.pk,
        ),
        PathwayInput(
            title="Sustainability leadership",
            from_stack_id=sustainability.pk,
            to_stack_id=leadership.pk,
        ),
        PathwayInput(
            title="Next: leading digital teams",
            from_credential_id=made["CX-101"].pk,
            to_credential_id=made["LEAD-101"].pk,
        ),
    ]:
        save_pathway(designer, org, data)

    today = timezone.localdate()
    facilitator = ctx.users.get("facilitator")
    for code, title, start, weeks, capacity, mode in [
        ("DATA-101", "Spring cohort", 21, 6, 30, "online"),
        ("DATA-101", "Summer cohort", 84, 6, 40, "online"),
        ("SEC-101", "Spring cohort", 28, 5, 25, "online"),
        ("LEAD-110", "Evening cohort", 35, 8, 20, "online"),
        ("SEC-201", "On-campus intensive", 49, 2, 16, "face_to_face"),
    ]:
        starts = today + timedelta(days=start)
        save_offering(
            designer,
            made[code],
            OfferingInput(
                title=title,
                starts_on=starts,
                ends_on=starts + timedelta(weeks=weeks),
                enrol_by=starts - timedelta(days=7),
                capacity=capacity,
                facilitator_id=facilitator.pk if facilitator else None,
                delivery_mode=mode,
                location="Northbridge city campus, room B2.14" if mode == "face_to_face" else "",
                hours_per_week=(Decimal(made[code].volume_hours) / weeks).quantize(Decimal("0.1")),
            ),
        )
    ctx.extra["catalog"] = {
        "credentials": made,
        "stacks": [analytics, security, leadership, sustainability],
    }
