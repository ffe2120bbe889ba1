from .audit import AuditEntry
from .organisation import Membership, Organisation, Role
from .outbox import OutboxMessage
from .user import User

__all__ = ["AuditEntry", "Membership", "Organisation", "OutboxMessage", "Role", "User"]
