"""The integrations app's services: OB 2.0 hosting, CLR 2.0 for stacks, the wallet, sharing.

Views and the API call these; each mutating function runs in one transaction.
"""

from .clr import (
    StackCompletion,
    clr_for,
    clrs_of,
    issue_clr,
    public_stack,
    stack_achievement,
    stack_completions,
)
from .export import export_archive, export_filename
from .ob2 import (
    HostedDocument,
    assertion_url,
    baked_ob2_png,
    hosted_assertion,
    hosted_badge,
    hosted_issuer,
)
from .sharing import Shared, mailto_url, share_award, share_counts
from .wallet import (
    MAX_IMPORT_BYTES,
    delete_imported,
    import_credential,
    import_from_url,
    imported_for,
    imported_of,
    own_award,
    own_awards,
    refresh_stale,
    reverify,
)

__all__ = [
    "MAX_IMPORT_BYTES",
    "HostedDocument",
    "Shared",
    "StackCompletion",
    "assertion_url",
    "baked_ob2_png",
    "clr_for",
    "clrs_of",
    "delete_imported",
    "export_archive",
    "export_filename",
    "hosted_assertion",
    "hosted_badge",
    "hosted_issuer",
    "import_credential",
    "import_from_url",
    "imported_for",
    "imported_of",
    "issue_clr",
    "mailto_url",
    "own_award",
    "own_awards",
    "public_stack",
    "refresh_stale",
    "reverify",
    "share_award",
    "share_counts",
    "stack_achievement",
    "stack_completions",
]
