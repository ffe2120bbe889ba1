from .credential import (
    AssessmentCriterion,
    ContentSourcing,
    DeliveryMode,
    LearningOutcome,
    Lifecycle,
    MicroCredential,
    Tag,
)
from .offering import Offering
from .review import LifecycleEvent, QualityCheck
from .stacks import Pathway, Stack, StackMember
from .taxonomy import Level, LevelScale

__all__ = [
    "AssessmentCriterion",
    "ContentSourcing",
    "DeliveryMode",
    "LearningOutcome",
    "Level",
    "LevelScale",
    "Lifecycle",
    "LifecycleEvent",
    "MicroCredential",
    "Offering",
    "Pathway",
    "QualityCheck",
    "Stack",
    "StackMember",
    "Tag",
]
