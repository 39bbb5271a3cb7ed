from __future__ import annotations

import strawberry

from financial_subgraph.categories.loaders import category_tree
from financial_subgraph.categories.types import Category, category_of
from financial_subgraph.categorization import rules, suggestions
from financial_subgraph.categorization.types import CategorizationRuleType, RuleSuggestion
from financial_subgraph.context import Info
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import reading


@strawberry.type
class CategorizationQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="The category tree: top-level categories, each with its children.",
    )
    async def categories(self, info: Info, include_archived: bool = False) -> list[Category]:
        tree = await category_tree(info)
        return [
            Category.from_tree(tree, row, include_archived)
            for row in tree.children.get(None, [])
            if include_archived or row.archived_at is None
        ]

    @strawberry.field(extensions=SCOPES.read, description="One category, archived or not.")
    async def category(self, info: Info, id: strawberry.ID) -> Category | None:
        return await category_of(info, parse_uuid(id))

    @strawberry.field(extensions=SCOPES.read, description="The organisation's rules in run order.")
    async def categorization_rules(self, info: Info) -> list[CategorizationRuleType]:
        async with reading(info) as work:
            rows = await rules.ordered_rules(work.session, work.organization_id)
        return [CategorizationRuleType.from_row(row) for row in rows]

    @strawberry.field(
        extensions=SCOPES.read,
        description="Rules offered from consistent manual categorisation (never created"
        " without acceptRuleSuggestion).",
    )
    async def rule_suggestions(self, info: Info) -> list[RuleSuggestion]:
        async with reading(info) as work:
            offered = await suggestions.offered(work.session, work.organization_id)
        return [RuleSuggestion.from_suggestion(s, work.organization_id) for s in offered]
