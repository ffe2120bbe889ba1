"""A framework as a tree: read once, shaped in memory, walked without recursion."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Framework, FrameworkItem


@dataclass
class TreeNode:
    """An item with its children, for showing a framework as a tree."""

    item: FrameworkItem
    depth: int
    children: list[TreeNode] = field(default_factory=list)


def framework_tree(framework: Framework) -> list[TreeNode]:
    """Return the framework's roots with their descendants, read in one query."""
    return build_tree(list(framework.items.order_by("position", "code")))


def build_tree(items: list[FrameworkItem]) -> list[TreeNode]:
    """Shape already-loaded items (in sibling order) into a tree; no queries."""
    nodes = {item.pk: TreeNode(item=item, depth=0) for item in items}
    roots: list[TreeNode] = []
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id) if item.parent_id else None
        (parent.children if parent else roots).append(node)
    # Depths are set top-down; the rules keep trees at most MAX_DEPTH deep and acyclic.
    stack = [(root, 0) for root in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((child, depth + 1) for child in node.children)
    return roots


def flatten(roots: list[TreeNode]) -> list[TreeNode]:
    """The tree in reading order (pre-order), for tables and indented lists."""
    out: list[TreeNode] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def in_tree_order(items: list[FrameworkItem]) -> list[FrameworkItem]:
    """``items`` in reading order: each parent followed by its descendants."""
    return [node.item for node in flatten(build_tree(items))]
