"""Rule triggers and actions: typed, validated documents stored as JSONB.

Each trigger and action is a pydantic model discriminated by `type`; the same models validate
GraphQL input before a rule is saved and the stored JSON when a rule is loaded, so the engine
only ever sees well-formed rules.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from financial_subgraph.categorization.patterns import check_pattern
from financial_subgraph.currency.codes import currency_info

MAX_TEXT = 200
MAX_TAGS = 20
MAX_TAG_LENGTH = 50
MAX_NOTES = 2000
MAX_VALUES = 50

TextValue = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class _Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Trigger(_Criterion):
    negate: bool = False


class TextTrigger(_Trigger):
    """Case-insensitive unless `case_sensitive`; a missing counterparty matches nothing."""

    type: Literal[
        "description_contains",
        "description_equals",
        "description_starts_with",
        "counterparty_contains",
        "counterparty_equals",
    ]
    text: TextValue
    case_sensitive: bool = False


class SameCounterpartyTrigger(_Trigger):
    """The same counterparty as learning sees it: case, accents, punctuation, the dots of legal
    forms and long numbers ignored ("Amazon EU S.a.r.l. 4711" is "AMAZON EU SARL")."""

    type: Literal["counterparty_same_as"]
    text: TextValue


class RegexTrigger(_Trigger):
    type: Literal["description_regex", "counterparty_regex"]
    text: TextValue
    case_sensitive: bool = False

    @field_validator("text")
    @classmethod
    def _safe_pattern(cls, value: str) -> str:
        problem = check_pattern(value)
        if problem is not None:
            raise ValueError(problem)
        return value


class AmountTrigger(_Trigger):
    """Signed comparison: payments out are negative, so "less than -100" means "over 100 out"."""

    type: Literal["amount_greater", "amount_less"]
    amount: Decimal = Field(allow_inf_nan=False)


class AmountBetweenTrigger(_Trigger):
    """Inclusive on both ends."""

    type: Literal["amount_between"]
    min: Decimal = Field(allow_inf_nan=False)
    max: Decimal = Field(allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> AmountBetweenTrigger:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class DateTrigger(_Trigger):
    """Booking date within [from_, to], either end open."""

    type: Literal["date_between"]
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> DateTrigger:
        if self.from_ is None and self.to is None:
            raise ValueError("give from, to or both")
        if self.from_ is not None and self.to is not None and self.from_ > self.to:
            raise ValueError("from must not be after to")
        return self


class DayOfMonthTrigger(_Trigger):
    """Booking day within [day_from, day_to]; day_from > day_to wraps over the month end."""

    type: Literal["day_of_month"]
    day_from: int = Field(ge=1, le=31)
    day_to: int = Field(ge=1, le=31)


class AccountTrigger(_Trigger):
    type: Literal["account_is"]
    account_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_VALUES)


class CurrencyTrigger(_Trigger):
    type: Literal["currency_is"]
    currencies: list[str] = Field(min_length=1, max_length=MAX_VALUES)

    @field_validator("currencies")
    @classmethod
    def _known(cls, values: list[str]) -> list[str]:
        codes = [value.strip().upper() for value in values]
        unknown = [code for code in codes if currency_info(code) is None]
        if unknown:
            raise ValueError(f"unknown currency code {unknown[0]!r}")
        return codes


Trigger = Annotated[
    TextTrigger
    | SameCounterpartyTrigger
    | RegexTrigger
    | AmountTrigger
    | AmountBetweenTrigger
    | DateTrigger
    | DayOfMonthTrigger
    | AccountTrigger
    | CurrencyTrigger,
    Field(discriminator="type"),
]


class SetCategory(_Criterion):
    type: Literal["set_category"]
    category_id: uuid.UUID


class AddTags(_Criterion):
    type: Literal["add_tags"]
    tags: list[Annotated[str, Field(min_length=1, max_length=MAX_TAG_LENGTH)]] = Field(
        min_length=1, max_length=MAX_TAGS
    )

    @field_validator("tags")
    @classmethod
    def _trimmed_unique(cls, tags: list[str]) -> list[str]:
        cleaned = [tag.strip() for tag in tags]
        if any(not tag for tag in cleaned):
            raise ValueError("tags must not be blank")
        return list(dict.fromkeys(cleaned))


class SetNotes(_Criterion):
    type: Literal["set_notes"]
    notes: str = Field(min_length=1, max_length=MAX_NOTES)


class LinkInvoice(_Criterion):
    """Link a fixed invoice, or (without `invoice_id`) the open invoice whose number the
    description mentions."""

    type: Literal["link_invoice"]
    invoice_id: uuid.UUID | None = None


Action = Annotated[SetCategory | AddTags | SetNotes | LinkInvoice, Field(discriminator="type")]

TRIGGERS: TypeAdapter[list[Trigger]] = TypeAdapter(list[Trigger])
ACTIONS: TypeAdapter[list[Action]] = TypeAdapter(list[Action])

MAX_TRIGGERS = 20
MAX_ACTIONS = 10
SINGLE_ACTIONS = ("set_category", "set_notes", "link_invoice")


def triggers_json(triggers: list[Trigger]) -> list[dict[str, object]]:
    return [trigger.model_dump(mode="json", by_alias=True) for trigger in triggers]


def actions_json(actions: list[Action]) -> list[dict[str, object]]:
    return [action.model_dump(mode="json") for action in actions]
