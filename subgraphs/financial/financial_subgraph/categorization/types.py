from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry

from financial_subgraph.categories.types import Category, category_of
from financial_subgraph.categorization import criteria
from financial_subgraph.categorization.apply import ApplyCounts
from financial_subgraph.categorization.learning import RuleSuggestion as Suggestion
from financial_subgraph.categorization.models import CategorizationRule
from financial_subgraph.context import Info


@strawberry.enum
class MatchMode(enum.Enum):
    ALL = "all"
    ANY = "any"


@strawberry.enum(description="What a trigger looks at; text comparisons ignore case by default.")
class RuleTriggerType(enum.Enum):
    DESCRIPTION_CONTAINS = "description_contains"
    DESCRIPTION_EQUALS = "description_equals"
    DESCRIPTION_STARTS_WITH = "description_starts_with"
    DESCRIPTION_REGEX = "description_regex"
    COUNTERPARTY_CONTAINS = "counterparty_contains"
    COUNTERPARTY_EQUALS = "counterparty_equals"
    COUNTERPARTY_SAME_AS = "counterparty_same_as"
    COUNTERPARTY_REGEX = "counterparty_regex"
    AMOUNT_GREATER = "amount_greater"
    AMOUNT_LESS = "amount_less"
    AMOUNT_BETWEEN = "amount_between"
    DATE_BETWEEN = "date_between"
    DAY_OF_MONTH = "day_of_month"
    ACCOUNT_IS = "account_is"
    CURRENCY_IS = "currency_is"


@strawberry.enum
class RuleActionType(enum.Enum):
    SET_CATEGORY = "set_category"
    ADD_TAGS = "add_tags"
    SET_NOTES = "set_notes"
    LINK_INVOICE = "link_invoice"


@strawberry.type
class RuleTrigger:
    type: RuleTriggerType
    negate: bool
    text: str | None = None
    case_sensitive: bool | None = None
    amount: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    from_: date | None = strawberry.field(default=None, name="from")
    to: date | None = None
    day_from: int | None = None
    day_to: int | None = None
    account_ids: list[strawberry.ID] | None = None
    currencies: list[str] | None = None

    @classmethod
    def from_model(cls, trigger: criteria.Trigger) -> RuleTrigger:
        values = trigger.model_dump(exclude={"type"})
        if "account_ids" in values:
            values["account_ids"] = [strawberry.ID(str(i)) for i in values["account_ids"]]
        return cls(type=RuleTriggerType(trigger.type), **values)


@strawberry.type
class RuleAction:
    type: RuleActionType
    category_id: strawberry.ID | None = None
    tags: list[str] | None = None
    notes: str | None = None
    invoice_id: strawberry.ID | None = strawberry.field(
        default=None, description="LINK_INVOICE without it: the invoice number in the text."
    )
    organization_id: strawberry.Private[uuid.UUID | None] = None

    @strawberry.field
    async def category(self, info: Info) -> Category | None:
        if self.category_id is None or self.organization_id is None:
            return None
        return await category_of(info, uuid.UUID(self.category_id))

    @classmethod
    def from_model(cls, action: criteria.Action, organization_id: uuid.UUID) -> RuleAction:
        values = action.model_dump(exclude={"type"})
        for name in ("category_id", "invoice_id"):
            if values.get(name) is not None:
                values[name] = strawberry.ID(str(values[name]))
        return cls(type=RuleActionType(action.type), organization_id=organization_id, **values)


@strawberry.type(
    name="CategorizationRule",
    description="Rules run by position: the first matching rule that sets a field wins it, tags"
    " accumulate, and a matching rule with stopProcessing ends the run.",
)
class CategorizationRuleType:
    id: strawberry.ID
    name: str
    position: int
    match_mode: MatchMode
    stop_processing: bool
    active: bool
    triggers: list[RuleTrigger]
    actions: list[RuleAction]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: CategorizationRule) -> CategorizationRuleType:
        triggers = criteria.TRIGGERS.validate_python(row.triggers)
        actions = criteria.ACTIONS.validate_python(row.actions)
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            position=row.position,
            match_mode=MatchMode(row.match_mode),
            stop_processing=row.stop_processing,
            active=row.active,
            triggers=[RuleTrigger.from_model(trigger) for trigger in triggers],
            actions=[RuleAction.from_model(action, row.organization_id) for action in actions],
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type(description="A rule offered from consistent manual categorisation.")
class RuleSuggestion:
    id: strawberry.ID
    counterparty: str
    times_chosen: int
    agreement: Decimal = strawberry.field(description="Share of manual choices agreeing (0-1).")
    category_id: strawberry.ID
    organization_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def category(self, info: Info) -> Category | None:
        return await category_of(info, uuid.UUID(self.category_id))

    @classmethod
    def from_suggestion(cls, suggestion: Suggestion, organization_id: uuid.UUID) -> RuleSuggestion:
        return cls(
            id=strawberry.ID(str(suggestion.id)),
            counterparty=suggestion.counterparty,
            times_chosen=suggestion.times_chosen,
            agreement=suggestion.agreement,
            category_id=strawberry.ID(str(suggestion.category_id)),
            organization_id=organization_id,
        )


@strawberry.type
class CategoryPayload:
    category: Category


@strawberry.type
class RulePayload:
    rule: CategorizationRuleType


@strawberry.type
class DeleteRulePayload:
    id: strawberry.ID


@strawberry.type
class RulesPayload:
    rules: list[CategorizationRuleType]


@strawberry.type
class DismissRuleSuggestionPayload:
    id: strawberry.ID


@strawberry.type(description="What a re-run did; manual categorisations are always kept.")
class ApplyRulesPayload:
    examined: int
    categorized_by_rule: int
    categorized_by_learning: int
    manual_kept: int
    payments_matched: int
    payments_for_review: int

    @classmethod
    def from_counts(cls, counts: ApplyCounts) -> ApplyRulesPayload:
        return cls(
            examined=counts.examined,
            categorized_by_rule=counts.by_rule,
            categorized_by_learning=counts.learned,
            manual_kept=counts.manual_kept,
            payments_matched=counts.payments_matched,
            payments_for_review=counts.payments_for_review,
        )
