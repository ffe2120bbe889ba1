from .audit import AuditEntry
from .organisation import Membership, Organisation, Role
from .outbox import OutboxMessage
from .token import ApiToken
from .user import User

__all__ = ["ApiToken", "AuditEntry", "Membership", "Organisation", "OutboxMessage", "Role", "User"]
