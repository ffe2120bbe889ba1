"""The demo's skills: the Northbridge Digital Capability Framework and a small ESCO-style set.

The institution's own framework has five domains, each with capabilities and the skills under
them (codes like DA.2.1), and a five-level proficiency scale. The ESCO set records a handful of
ESCO skills by their concept URIs, as a designer would with "Add ESCO skill by URI". Everything
goes through the skills services as the demo designer, so the audit log reads as real work.
The catalogue builder (which runs next) aligns credentials to these skills by keyword; items
are also left on ``ctx.extra["skills"]`` by code (``ctx.extra["skills"]["DA.2.1"]``).
"""

from __future__ import annotations

from credstack.skills import services
from credstack.skills.models import Framework, FrameworkItem

from . import DemoContext

LEVELS = [
    ("Foundation", "Knows the ideas and can apply them with guidance on familiar tasks."),
    ("Developing", "Applies the skill independently on routine tasks and knows when to ask."),
    ("Proficient", "Applies the skill reliably on varied, real workplace tasks."),
    ("Advanced", "Handles complex, unfamiliar situations and guides others."),
    ("Expert", "Shapes practice in the organisation or field and is sought out for advice."),
]

# (code, title, description); capabilities are "XX.n", skills "XX.n.m".
# fmt: off
FRAMEWORK: list[tuple[str, str, str]] = [
    ("DA", "Data & Analytics", "Turning data into decisions people can trust."),
    ("DA.1", "Data preparation", "Getting data into a state fit for analysis."),
    ("DA.1.1", "Data cleaning and wrangling with Python", "Uses pandas to clean, reshape and validate tabular data."),
    ("DA.1.2", "Querying relational databases with SQL", "Writes joins, aggregations and window functions against a database."),
    ("DA.1.3", "Spreadsheet modelling", "Builds clear, checkable spreadsheet models with lookups and pivot tables."),
    ("DA.2", "Analysis and insight", "Finding and testing patterns in data."),
    ("DA.2.1", "Applied statistical analysis", "Chooses and applies descriptive and inferential statistics to business questions."),
    ("DA.2.2", "Hypothesis testing and experiment design", "Designs A/B tests and interprets results with their uncertainty."),
    ("DA.2.3", "Machine learning model building", "Trains, validates and explains supervised learning models."),
    ("DA.3", "Communicating with data", "Making findings understood by the people who act on them."),
    ("DA.3.1", "Data visualisation", "Chooses honest, accessible charts for the question and audience."),
    ("DA.3.2", "Data storytelling", "Structures an analysis as a narrative that leads to a decision."),
    ("SE", "Software Engineering", "Building and running dependable software."),
    ("SE.1", "Programming", "Writing correct, readable code."),
    ("SE.1.1", "Python programming", "Writes idiomatic, typed Python with functions, modules and packages."),
    ("SE.1.2", "Version control with Git", "Branches, reviews and merges work with a team through Git."),
    ("SE.2", "Quality and delivery", "Shipping changes safely and often."),
    ("SE.2.1", "Automated testing", "Writes unit and integration tests that fail for the right reasons."),
    ("SE.2.2", "Cloud deployment", "Deploys and operates services on a public cloud platform."),
    ("SE.2.3", "Generative AI and prompt engineering", "Uses artificial intelligence assistants with prompts whose output is checked."),
    ("CS", "Cyber Security", "Protecting people, systems and data."),
    ("CS.1", "Security foundations", "Understanding what to protect and from whom."),
    ("CS.1.1", "Threat modelling", "Identifies assets, threats and mitigations for a system."),
    ("CS.1.2", "Network security configuration", "Configures firewalls, segmentation and secure remote access on a network."),
    ("CS.2", "Security operations", "Detecting and responding to attacks."),
    ("CS.2.1", "Security monitoring", "Builds and tunes monitoring and alerting from logs and telemetry."),
    ("CS.2.2", "Incident response", "Contains, investigates and recovers from a security incident."),
    ("CS.2.3", "Cloud security controls", "Applies identity, encryption and logging controls in cloud platforms."),
    ("CS.3", "Data protection", "Handling personal and sensitive data lawfully."),
    ("CS.3.1", "Privacy and data governance", "Applies data protection law, retention and access governance."),
    ("CS.3.2", "Data ethics", "Recognises and addresses ethical risks in collecting and using data."),
    ("DC", "Digital Collaboration", "Working well with others through digital tools."),
    ("DC.1", "Team collaboration", "Getting work done together, in person and remotely."),
    ("DC.1.1", "Leading a digital team", "Sets direction, delegates and develops people in a hybrid team; practises inclusive leadership."),
    ("DC.1.2", "Agile project delivery", "Plans and delivers a project in short iterations with a visible backlog."),
    ("DC.2", "Communication", "Writing and speaking so people understand and act."),
    ("DC.2.1", "Professional writing", "Writes clear reports, emails and briefings for the reader's purpose."),
    ("DC.2.2", "Presentation skills", "Plans and delivers a presentation that holds attention and invites questions."),
    ("DC.2.3", "Customer journey mapping", "Maps a customer's experience end to end and finds the moments that matter."),
    ("PP", "Professional Practice", "Working responsibly, sustainably and safely."),
    ("PP.1", "Leading change", "Moving an organisation from where it is to where it needs to be."),
    ("PP.1.1", "Change management", "Plans, communicates and sustains organisational change."),
    ("PP.1.2", "Digital strategy", "Sets a digital strategy linked to the organisation's goals and measures it."),
    ("PP.2", "Sustainability", "Reducing environmental impact in everyday operations."),
    ("PP.2.1", "Carbon accounting", "Measures and reports an operation's carbon footprint; plans sustainable reductions."),
    ("PP.2.2", "Circular economy design", "Redesigns products and processes for reuse, repair and recycling."),
    ("PP.3", "Health, safety and wellbeing", "Keeping people safe and well at work."),
    ("PP.3.1", "Workplace risk assessment", "Identifies hazards, assesses risk and records safety controls."),
    ("PP.3.2", "Mental health first aid", "Recognises signs of distress and supports a colleague's wellbeing."),
]
# fmt: on

# Real-looking ESCO skill concepts (concept URIs as the ESCO portal shows them).
ESCO = [
    (
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
        "Python (computer programming)",
    ),
    ("http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742", "SQL"),
    (
        "http://data.europa.eu/esco/skill/3a9d2d1e-8b9e-4f68-9c4a-8f0f7d3a6b21",
        "perform data cleansing",
    ),
    (
        "http://data.europa.eu/esco/skill/0b8e5c5e-6f1d-4a49-a0f4-2a8d1c6e9f30",
        "manage ICT network security",
    ),
    (
        "http://data.europa.eu/esco/skill/7d3c9e1b-2a4f-4c8d-b6e5-9f1a0c2d3e47",
        "apply change management",
    ),
]


def build(ctx: DemoContext) -> None:
    org = ctx.institution
    designer = ctx.users["designer"]
    framework = services.create_framework(
        org,
        designer,
        title="Northbridge Digital Capability Framework",
        slug="northbridge-digital-capability",
        version="1.0",
        description=(
            "The digital capabilities Northbridge Institute of Technology commits to develop in "
            "its learners: the master plan every micro-credential is mapped to."
        ),
        publisher=org.name,
        over_coverage_threshold=3,
    )
    for rank, (name, description) in enumerate(LEVELS, start=1):
        services.create_level(framework, designer, rank=rank, name=name, description=description)
    made: dict[str, FrameworkItem] = {}
    for code, title, description in FRAMEWORK:
        depth = code.count(".")
        kind = ("domain", "capability", "skill")[depth]
        parent = made[code.rsplit(".", 1)[0]] if depth else None
        made[code] = services.create_item(
            framework,
            designer,
            code=code,
            title=title,
            kind=kind,
            parent=parent,
            description=description,
        )

    esco = services.create_framework(
        org,
        designer,
        title="ESCO digital skills (selection)",
        slug="esco-digital-selection",
        version="1.2.0",
        description="A selection of ESCO v1.2 skills our industry partners asked us to reference.",
        publisher="European Commission (ESCO), recorded by Northbridge",
        uri="http://data.europa.eu/esco/concept-scheme/skills",
        source=Framework.Source.ESCO,
    )
    for uri, title in ESCO:
        item = services.add_esco_skill(esco, designer, uri=uri, title=title)
        made[item.code] = item

    ctx.extra["skills"] = made
    ctx.extra["skills_framework"] = framework
    ctx.extra["esco_framework"] = esco
