from __future__ import annotations

import strawberry

from financial_subgraph.categorization import suggestions
from financial_subgraph.categorization.repository import RuleRepository
from financial_subgraph.categorization.types import (
    CategorizationRuleType,
    Category,
    RuleSuggestion,
    category_of,
)
from financial_subgraph.context import Info
from service_runtime.ids import parse_uuid
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of

READ = requires_scopes(["financial:read"])


@strawberry.type
class CategorizationQuery:
    @strawberry.field(
        extensions=READ,
        description="The category tree: top-level categories, each with its children.",
    )
    async def categories(self, info: Info, include_archived: bool = False) -> list[Category]:
        organization_id = organization_of(info.context.principal)
        tree = await info.context.loaders.category_tree.load(organization_id)
        return [
            Category.from_tree(tree, row, include_archived)
            for row in tree.children.get(None, [])
            if include_archived or row.archived_at is None
        ]

    @strawberry.field(extensions=READ, description="One category, archived or not.")
    async def category(self, info: Info, id: strawberry.ID) -> Category | None:
        organization_id = organization_of(info.context.principal)
        return await category_of(info, organization_id, parse_uuid(id))

    @strawberry.field(extensions=READ, description="The organisation's rules in run order.")
    async def categorization_rules(self, info: Info) -> list[CategorizationRuleType]:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            rows = await RuleRepository(session).ordered(organization_id)
        return [CategorizationRuleType.from_row(row) for row in rows]

    @strawberry.field(
        extensions=READ,
        description="Rules offered from consistent manual categorisation (never created"
        " without acceptRuleSuggestion).",
    )
    async def rule_suggestions(self, info: Info) -> list[RuleSuggestion]:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            offered = await suggestions.offered(session, organization_id)
        return [RuleSuggestion.from_suggestion(s, organization_id) for s in offered]
