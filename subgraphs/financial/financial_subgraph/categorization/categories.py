"""Category rules: unique names among siblings, no cycles, one kind per branch, archiving.

Services never commit; the mutation's `Database.write()` block does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.categories.models import Category
from financial_subgraph.categories.repository import CategoryRepository
from financial_subgraph.categories.tree import MAX_DEPTH, CategoryTree
from financial_subgraph.categorization.errors import (
    CategorizationError,
    CategorizationErrorCode,
    category_not_found,
    error,
    invalid,
)
from financial_subgraph.categorization.repository import RuleRepository
from service_runtime.models import utcnow

KINDS = ("income", "expense", "transfer")
MAX_NAME = 100
Code = CategorizationErrorCode


@dataclass(frozen=True)
class CategoryChanges:
    """`None` leaves a field alone; `move` says whether `parent_id` is given (None: top level)."""

    name: str | None = None
    kind: str | None = None
    move: bool = False
    parent_id: uuid.UUID | None = None


def _check_name(name: str) -> str | CategorizationError:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_NAME:
        return invalid("name", f"A name of 1 to {MAX_NAME} characters.")
    return cleaned


async def _check_place(
    session: AsyncSession,
    organization_id: uuid.UUID,
    tree: CategoryTree,
    category: Category | None,
    parent_id: uuid.UUID | None,
    name: str,
    kind: str,
) -> CategorizationError | None:
    """Whether a category (new when `category` is None) may sit under `parent_id` as `name`."""
    if parent_id is not None:
        parent = tree.by_id.get(parent_id)
        if parent is None:
            return category_not_found("parentId")
        if parent.archived_at is not None:
            return error(Code.CATEGORY_ARCHIVED, "The parent category is archived.", "parentId")
        if category is not None and (
            parent_id == category.id or tree.would_cycle(category.id, parent_id)
        ):
            message = "A category cannot be moved under itself or one of its descendants."
            return error(Code.CATEGORY_CYCLE, message, "parentId")
        if parent.kind != kind:
            message = f"A {kind} category cannot sit under a {parent.kind} category."
            return error(Code.CATEGORY_KIND_MISMATCH, message, "kind")
    if tree.depth_after_move(category.id if category else None, parent_id) > MAX_DEPTH:
        return error(Code.CATEGORY_TOO_DEEP, f"At most {MAX_DEPTH} levels.", "parentId")
    same = await CategoryRepository(session, organization_id).sibling_named(parent_id, name)
    if same is not None and (category is None or same.id != category.id):
        message = f"A sibling category is already named {same.name!r}."
        return error(Code.CATEGORY_NAME_TAKEN, message, "name")
    return None


async def tree_of(session: AsyncSession, organization_id: uuid.UUID) -> CategoryTree:
    """The organisation's whole category tree."""
    return CategoryTree(await CategoryRepository(session, organization_id).all())


async def _locked_tree(session: AsyncSession, organization_id: uuid.UUID) -> CategoryTree:
    repository = CategoryRepository(session, organization_id)
    await repository.lock_tree()
    return CategoryTree(await repository.all())


async def create_category(
    session: AsyncSession,
    organization_id: uuid.UUID,
    name: str,
    kind: str,
    parent_id: uuid.UUID | None,
) -> Category | CategorizationError:
    """Create a category at the top level or under `parent_id` (same kind as its parent)."""
    cleaned = _check_name(name)
    if isinstance(cleaned, CategorizationError):
        return cleaned
    if kind not in KINDS:
        return invalid("kind", "kind is income, expense or transfer.")
    tree = await _locked_tree(session, organization_id)
    problem = await _check_place(session, organization_id, tree, None, parent_id, cleaned, kind)
    if problem is not None:
        return problem
    category = Category(
        organization_id=organization_id, parent_id=parent_id, name=cleaned, kind=kind
    )
    return await CategoryRepository(session, organization_id).add(category)


async def update_category(
    session: AsyncSession,
    organization_id: uuid.UUID,
    category_id: uuid.UUID,
    changes: CategoryChanges,
) -> Category | CategorizationError:
    """Rename, change the kind of (a category without children) or move a category."""
    tree = await _locked_tree(session, organization_id)
    category = tree.by_id.get(category_id)
    if category is None:
        return category_not_found()
    name = _check_name(changes.name) if changes.name is not None else category.name
    if isinstance(name, CategorizationError):
        return name
    kind = changes.kind if changes.kind is not None else category.kind
    if kind not in KINDS:
        return invalid("kind", "kind is income, expense or transfer.")
    if kind != category.kind and tree.children.get(category.id):
        message = "Change the kind of a category without subcategories only."
        return error(Code.CATEGORY_KIND_MISMATCH, message, "kind")
    parent_id = changes.parent_id if changes.move else category.parent_id
    problem = await _check_place(session, organization_id, tree, category, parent_id, name, kind)
    if problem is not None:
        return problem
    category.name, category.kind, category.parent_id = name, kind, parent_id
    await session.flush()
    return category


async def set_archived(
    session: AsyncSession, organization_id: uuid.UUID, category_id: uuid.UUID, *, archived: bool
) -> Category | CategorizationError:
    """Archive a category with its whole subtree, or restore one (under an active parent).

    Archived categories keep their history (transactions stay categorised) but cannot be
    chosen again; a category an active rule sets cannot be archived.
    """
    tree = await _locked_tree(session, organization_id)
    category = tree.by_id.get(category_id)
    if category is None:
        return category_not_found()
    if not archived:
        return _restore(tree, category)
    if category.archived_at is not None:
        return error(Code.ALREADY_ARCHIVED, "The category is already archived.")
    subtree = [category, *tree.descendants(category.id)]
    ids = {row.id for row in subtree}
    for rule in await RuleRepository(session, organization_id).ordered():
        if any(action.get("category_id") in {str(i) for i in ids} for action in rule.actions):
            message = f"Rule {rule.name!r} sets this category (or one below it)."
            return error(Code.CATEGORY_IN_USE, message)
    now = utcnow()
    for row in subtree:
        row.archived_at = row.archived_at or now
    await session.flush()
    return category


def _restore(tree: CategoryTree, category: Category) -> Category | CategorizationError:
    if category.archived_at is None:
        return error(Code.NOT_ARCHIVED, "The category is not archived.")
    parent = tree.by_id.get(category.parent_id) if category.parent_id else None
    if parent is not None and parent.archived_at is not None:
        return error(Code.CATEGORY_ARCHIVED, "Restore the parent category first.", "parentId")
    category.archived_at = None
    return category


async def active_category(
    session: AsyncSession, organization_id: uuid.UUID, category_id: uuid.UUID, field: str
) -> Category | CategorizationError:
    """The category if it can be chosen (exists in the organisation, not archived)."""
    category = await CategoryRepository(session, organization_id).get(category_id)
    if category is None:
        return category_not_found(field)
    if category.archived_at is not None:
        return error(Code.CATEGORY_ARCHIVED, "The category is archived.", field)
    return category
