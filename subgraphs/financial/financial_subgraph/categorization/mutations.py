"""Categorisation mutations.

Permissions: categories, rules and rule suggestions shape how every future transaction is
booked (and the reports built on them), so changing them takes financial:admin; categorising
a transaction and re-running the rules over past ones take financial:write (members).
Every service validates before it writes, so an error result leaves nothing written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from financial_subgraph.bank import service as bank_service
from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.bank.types import Transaction
from financial_subgraph.categories.models import Category
from financial_subgraph.categories.types import Category as CategoryType
from financial_subgraph.categorization import apply, categories, manual, rules, suggestions
from financial_subgraph.categorization.errors import (
    CategorizationError,
    CategorizationErrorCode,
    category_not_found,
    error,
    invalid,
    rule_not_found,
    transaction_not_found,
)
from financial_subgraph.categorization.inputs import (
    CreateCategoryInput,
    CreateRuleInput,
    UpdateCategoryInput,
    UpdateRuleInput,
)
from financial_subgraph.categorization.models import CategorizationRule
from financial_subgraph.categorization.transactions import TransactionScope
from financial_subgraph.categorization.types import (
    ApplyRulesPayload,
    CategorizationRuleType,
    CategoryPayload,
    DeleteRulePayload,
    DismissRuleSuggestionPayload,
    RulePayload,
    RulesPayload,
)
from financial_subgraph.context import Info
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import Work, in_transaction, work_of


@strawberry.type
class CategorizeTransactionPayload:
    transaction: Transaction


CategoryResult = Annotated[
    CategoryPayload | CategorizationError, strawberry.union("CategoryResult")
]
RuleResult = Annotated[RulePayload | CategorizationError, strawberry.union("RuleResult")]
DeleteRuleResult = Annotated[
    DeleteRulePayload | CategorizationError, strawberry.union("DeleteRuleResult")
]
ReorderRulesResult = Annotated[
    RulesPayload | CategorizationError, strawberry.union("ReorderRulesResult")
]
ApplyRulesResult = Annotated[
    ApplyRulesPayload | CategorizationError, strawberry.union("ApplyRulesResult")
]
CategorizeTransactionResult = Annotated[
    CategorizeTransactionPayload | CategorizationError,
    strawberry.union("CategorizeTransactionResult"),
]
DismissRuleSuggestionResult = Annotated[
    DismissRuleSuggestionPayload | CategorizationError,
    strawberry.union("DismissRuleSuggestionResult"),
]


async def _category_result(
    work: Work, outcome: Category | CategorizationError
) -> CategoryPayload | CategorizationError:
    if isinstance(outcome, CategorizationError):
        return outcome
    tree = await categories.tree_of(work.session, work.organization_id)
    row = tree.by_id[outcome.id]
    return CategoryPayload(category=CategoryType.from_tree(tree, row, include_archived=True))


def _rule_result(
    outcome: CategorizationRule | CategorizationError,
) -> RulePayload | CategorizationError:
    if isinstance(outcome, CategorizationError):
        return outcome
    return RulePayload(rule=CategorizationRuleType.from_row(outcome))


async def _set_archived(
    info: Info, id: strawberry.ID, archived: bool
) -> CategoryPayload | CategorizationError:
    work = work_of(info)
    category_id = parse_uuid(id)
    if category_id is None:
        return category_not_found()
    outcome = await categories.set_archived(
        work.session, work.organization_id, category_id, archived=archived
    )
    return await _category_result(work, outcome)


@strawberry.type
class CategorizationMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Create a category (under parentId)."
    )
    async def create_category(self, info: Info, input: CreateCategoryInput) -> CategoryResult:
        work = work_of(info)
        parent_id = parse_uuid(input.parent_id) if input.parent_id is not None else None
        if input.parent_id is not None and parent_id is None:
            return category_not_found("parentId")
        outcome = await categories.create_category(
            work.session, work.organization_id, input.name, input.kind.value, parent_id
        )
        return await _category_result(work, outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Rename, re-kind or move a category."
    )
    async def update_category(
        self, info: Info, id: strawberry.ID, input: UpdateCategoryInput
    ) -> CategoryResult:
        work = work_of(info)
        category_id = parse_uuid(id)
        changes = input.to_changes()
        if isinstance(changes, CategorizationError):
            return changes
        if category_id is None:
            return category_not_found()
        outcome = await categories.update_category(
            work.session, work.organization_id, category_id, changes
        )
        return await _category_result(work, outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Archive a category and everything below it (history keeps it).",
    )
    async def archive_category(self, info: Info, id: strawberry.ID) -> CategoryResult:
        return await _set_archived(info, id, archived=True)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Bring an archived category back."
    )
    async def restore_category(self, info: Info, id: strawberry.ID) -> CategoryResult:
        return await _set_archived(info, id, archived=False)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Create a rule, run after the others."
    )
    async def create_rule(self, info: Info, input: CreateRuleInput) -> RuleResult:
        work = work_of(info)
        outcome = await rules.create_rule(work.session, work.organization_id, input.to_data())
        return _rule_result(outcome)

    @strawberry.mutation(extensions=in_transaction(SCOPES.admin), description="Change a rule.")
    async def update_rule(
        self, info: Info, id: strawberry.ID, input: UpdateRuleInput
    ) -> RuleResult:
        work = work_of(info)
        rule_id = parse_uuid(id)
        changes = input.to_changes()
        if isinstance(changes, CategorizationError):
            return changes
        if rule_id is None:
            return rule_not_found()
        outcome = await rules.update_rule(work.session, work.organization_id, rule_id, changes)
        return _rule_result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Delete a rule; what it categorised stays categorised.",
    )
    async def delete_rule(self, info: Info, id: strawberry.ID) -> DeleteRuleResult:
        work = work_of(info)
        rule_id = parse_uuid(id)
        if rule_id is None:
            return rule_not_found()
        outcome = await rules.delete_rule(work.session, work.organization_id, rule_id)
        if isinstance(outcome, CategorizationError):
            return outcome
        return DeleteRulePayload(id=strawberry.ID(str(rule_id)))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Set the run order: every rule's id, once, first to run first.",
    )
    async def reorder_rules(self, info: Info, ids: list[strawberry.ID]) -> ReorderRulesResult:
        work = work_of(info)
        rule_ids = [parse_uuid(id_) for id_ in ids]
        if any(rule_id is None for rule_id in rule_ids):
            return error(CategorizationErrorCode.INVALID_ORDER, "Unknown rule id.", "ids")
        outcome = await rules.reorder_rules(
            work.session, work.organization_id, [r for r in rule_ids if r is not None]
        )
        if isinstance(outcome, CategorizationError):
            return outcome
        return RulesPayload(rules=[CategorizationRuleType.from_row(row) for row in outcome])

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Re-run rules and learning (and payment matching) over past transactions."
        " A manual categorisation is never overridden.",
    )
    async def apply_rules(
        self,
        info: Info,
        account_id: strawberry.ID | None = None,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
        only_uncategorized: bool = True,
    ) -> ApplyRulesResult:
        work = work_of(info)
        if from_ is not None and to is not None and from_ > to:
            return invalid("from", "from must not be after to.")
        account = parse_uuid(account_id) if account_id is not None else None
        if account_id is not None:
            found = account and await bank_service.find_account(
                work.session, work.organization_id, account
            )
            if not found:
                code = CategorizationErrorCode.ACCOUNT_NOT_FOUND
                return error(code, "No such bank account.", "accountId")
        scope = TransactionScope(work.organization_id, account, from_, to, only_uncategorized)
        counts = await apply.apply_rules(
            work.session,
            scope,
            early_tolerance_days=info.context.settings.early_payment_tolerance_days,
        )
        return ApplyRulesPayload.from_counts(counts)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Categorise by hand (categoryId null clears it). Manual always wins and"
        " teaches the counterparty's category.",
    )
    async def categorize_transaction(
        self,
        info: Info,
        id: strawberry.ID,
        # Omitted is null (clear), as documented; without a default, omitting it raised.
        category_id: strawberry.ID | None = strawberry.UNSET,
    ) -> CategorizeTransactionResult:
        if category_id is strawberry.UNSET:
            category_id = None
        work = work_of(info)
        transaction_id = parse_uuid(id)
        category = parse_uuid(category_id) if category_id is not None else None
        if transaction_id is None:
            return transaction_not_found()
        if category_id is not None and category is None:
            return category_not_found("categoryId")
        outcome = await manual.categorize_transaction(
            work.session, work.organization_id, transaction_id, category
        )
        if isinstance(outcome, CategorizationError):
            return outcome
        return CategorizeTransactionPayload(transaction=_transaction(outcome))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Create the rule a suggestion offers."
    )
    async def accept_rule_suggestion(
        self, info: Info, id: strawberry.ID, name: str | None = None
    ) -> RuleResult:
        work = work_of(info)
        suggestion_id = parse_uuid(id)
        if suggestion_id is None:
            return error(CategorizationErrorCode.SUGGESTION_NOT_FOUND, "No such suggestion.")
        outcome = await suggestions.accept(work.session, work.organization_id, suggestion_id, name)
        return _rule_result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Stop offering a suggested rule."
    )
    async def dismiss_rule_suggestion(
        self, info: Info, id: strawberry.ID
    ) -> DismissRuleSuggestionResult:
        work = work_of(info)
        suggestion_id = parse_uuid(id)
        if suggestion_id is None:
            return error(CategorizationErrorCode.SUGGESTION_NOT_FOUND, "No such suggestion.")
        problem = await suggestions.dismiss(work.session, work.organization_id, suggestion_id)
        if problem is not None:
            return problem
        return DismissRuleSuggestionPayload(id=id)


def _transaction(row: BankTransaction) -> Transaction:
    return Transaction.from_row(row)
