"""GraphQL inputs of categorisation and their translation to service data.

Triggers and actions are flat inputs (GraphQL has no input unions): `type` says which fields
apply, and the criteria models reject fields that do not (typed INVALID_TRIGGER/INVALID_ACTION).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from financial_subgraph.categories.types import CategoryKind
from financial_subgraph.categorization.categories import CategoryChanges
from financial_subgraph.categorization.errors import (
    CategorizationError,
    category_not_found,
    invalid,
)
from financial_subgraph.categorization.rules import RuleData
from financial_subgraph.categorization.types import (
    MatchMode,
    RuleActionType,
    RuleTriggerType,
)
from service_runtime.ids import parse_uuid


def _given(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


@strawberry.input
class CreateCategoryInput:
    name: str
    kind: CategoryKind
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="Omit for a top-level category."
    )


@strawberry.input(description="Only the fields given change; parentId null moves to the top.")
class UpdateCategoryInput:
    name: str | None = strawberry.UNSET
    kind: CategoryKind | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET

    def to_changes(self) -> CategoryChanges | CategorizationError:
        if self.name is None or self.kind is None:
            return invalid("name" if self.name is None else "kind", "Cannot be null.")
        move = self.parent_id is not strawberry.UNSET
        parent = parse_uuid(self.parent_id) if move and self.parent_id is not None else None
        if move and self.parent_id is not None and parent is None:
            return category_not_found("parentId")
        return CategoryChanges(
            name=self.name if self.name is not strawberry.UNSET else None,
            kind=self.kind.value if isinstance(self.kind, CategoryKind) else None,
            move=move,
            parent_id=parent,
        )


@strawberry.input(description="Set the fields its type uses (see RuleTriggerType).")
class RuleTriggerInput:
    type: RuleTriggerType
    negate: bool = False
    text: str | None = strawberry.field(default=None, description="Text or regular expression.")
    case_sensitive: bool | None = None
    amount: Decimal | None = strawberry.field(
        default=None, description="AMOUNT_GREATER/LESS: signed, payments out are negative."
    )
    min: Decimal | None = None
    max: Decimal | None = None
    from_: date | None = strawberry.field(default=None, name="from")
    to: date | None = None
    day_from: int | None = None
    day_to: int | None = None
    account_ids: list[strawberry.ID] | None = None
    currencies: list[str] | None = None

    def to_raw(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in ("text", "case_sensitive", "amount")}
        values |= {"min": self.min, "max": self.max, "from": self.from_, "to": self.to}
        values |= {"day_from": self.day_from, "day_to": self.day_to}
        values |= {"account_ids": self.account_ids, "currencies": self.currencies}
        return {"type": self.type.value, "negate": self.negate, **_given(values)}


@strawberry.input(description="Set the fields its type uses (see RuleActionType).")
class RuleActionInput:
    type: RuleActionType
    category_id: strawberry.ID | None = None
    tags: list[str] | None = None
    notes: str | None = None
    invoice_id: strawberry.ID | None = None

    def to_raw(self) -> dict[str, Any]:
        values = {"category_id": self.category_id, "tags": self.tags, "notes": self.notes}
        return {"type": self.type.value, **_given(values | {"invoice_id": self.invoice_id})}


@strawberry.input
class CreateRuleInput:
    name: str
    triggers: list[RuleTriggerInput]
    actions: list[RuleActionInput]
    match_mode: MatchMode = MatchMode.ALL
    stop_processing: bool = False
    active: bool = True

    def to_data(self) -> RuleData:
        return RuleData(
            name=self.name,
            match_mode=self.match_mode.value,
            stop_processing=self.stop_processing,
            active=self.active,
            triggers=[trigger.to_raw() for trigger in self.triggers],
            actions=[action.to_raw() for action in self.actions],
        )


@strawberry.input(description="Only the fields given change; triggers and actions are replaced.")
class UpdateRuleInput:
    name: str | None = strawberry.UNSET
    triggers: list[RuleTriggerInput] | None = strawberry.UNSET
    actions: list[RuleActionInput] | None = strawberry.UNSET
    match_mode: MatchMode | None = strawberry.UNSET
    stop_processing: bool | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET

    def to_changes(self) -> dict[str, Any] | CategorizationError:
        given = {k: v for k, v in vars(self).items() if v is not strawberry.UNSET}
        for name, value in given.items():
            if value is None:
                label = name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:])
                return invalid(label, f"{label} cannot be null.")
        if "match_mode" in given:
            given["match_mode"] = given["match_mode"].value
        for name in ("triggers", "actions"):
            if name in given:
                given[name] = [item.to_raw() for item in given[name]]
        return given
