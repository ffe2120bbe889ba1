"""The catalog's service layer: the only way pages, the API and other apps change the catalogue.

Each mutating function runs in one transaction, checks the actor's role, and writes an audit
entry. Other apps (learning, issuance) call these functions rather than the models.
"""

from .access import acting_organisation, can_see
from .analysis import PathwayAnalysis, analyse_pathways
from .catalogue import (
    CatalogueFilters,
    WhereItLeads,
    filter_options,
    published_credential,
    search,
    where_it_leads,
)
from .constellation import ConstellationMap, render_constellation
from .credentials import create_credential, start_new_version, update_credential
from .ctdl import catalogue_document, credential_document
from .inputs import CredentialInput, CriterionInput, OutcomeInput
from .lifecycle import (
    ACTIONS,
    approve,
    publish,
    request_changes,
    retire,
    submit_for_review,
    transition,
    withdraw_from_review,
)
from .offerings import OfferingInput, cancel_offering, save_offering
from .pathways import PathwayInput, delete_pathway, save_pathway
from .prerequisites import find_cycles
from .review import (
    AlignmentMatrix,
    active_checklist,
    alignment_matrix,
    ensure_default_checklist,
    validate_answers,
)
from .stacks import StackInput, StackProgress, delete_stack, save_stack, stack_progress

__all__ = [
    "ACTIONS",
    "AlignmentMatrix",
    "CatalogueFilters",
    "ConstellationMap",
    "CredentialInput",
    "CriterionInput",
    "OfferingInput",
    "OutcomeInput",
    "PathwayAnalysis",
    "PathwayInput",
    "StackInput",
    "StackProgress",
    "WhereItLeads",
    "acting_organisation",
    "active_checklist",
    "alignment_matrix",
    "analyse_pathways",
    "approve",
    "can_see",
    "cancel_offering",
    "catalogue_document",
    "create_credential",
    "credential_document",
    "delete_pathway",
    "delete_stack",
    "ensure_default_checklist",
    "filter_options",
    "find_cycles",
    "publish",
    "published_credential",
    "render_constellation",
    "request_changes",
    "retire",
    "save_offering",
    "save_pathway",
    "save_stack",
    "search",
    "stack_progress",
    "start_new_version",
    "submit_for_review",
    "transition",
    "update_credential",
    "validate_answers",
    "where_it_leads",
    "withdraw_from_review",
]
