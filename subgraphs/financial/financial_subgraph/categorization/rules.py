"""Rule rules: validated triggers and actions, references checked within the organisation,
ordering. Services never commit."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.repository import BankAccountRepository
from financial_subgraph.categorization import criteria
from financial_subgraph.categorization.categories import active_category
from financial_subgraph.categorization.criteria import (
    AccountTrigger,
    Action,
    LinkInvoice,
    SetCategory,
    Trigger,
)
from financial_subgraph.categorization.engine import EngineRule
from financial_subgraph.categorization.errors import (
    CategorizationError,
    CategorizationErrorCode,
    error,
    invalid,
    rule_not_found,
)
from financial_subgraph.categorization.models import CategorizationRule
from financial_subgraph.categorization.repository import RuleRepository
from financial_subgraph.invoice.service import invoice_in_organization

Code = CategorizationErrorCode
MAX_NAME = 100
_TRIGGER: TypeAdapter[Trigger] = TypeAdapter(Trigger)
_ACTION: TypeAdapter[Action] = TypeAdapter(Action)


@dataclass(frozen=True)
class RuleData:
    """A rule as given: triggers and actions are raw dicts, validated by `validate`."""

    name: str
    match_mode: str = "all"
    stop_processing: bool = False
    active: bool = True
    triggers: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ValidRule:
    name: str
    match_mode: str
    stop_processing: bool
    active: bool
    triggers: list[Trigger]
    actions: list[Action]


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part.title() for part in rest)


def _first_problem(exc: ValidationError, prefix: str, code: Code) -> CategorizationError:
    """The first pydantic error as a typed error; loc is (type tag, field, ...) or () for a
    missing or unknown type tag."""
    detail = exc.errors()[0]
    location = [str(part) for part in detail["loc"]]
    # () : no or an unknown type tag; (tag,): the whole item; (tag, field, ...): one field.
    name = _camel(location[1]) if len(location) > 1 else ("type" if not location else "")
    message = str(detail["msg"]).removeprefix("Value error, ")
    if location[:1] and location[0].endswith("_regex") and name == "text":
        code = Code.INVALID_REGEX
    elif name == "currencies":
        code = Code.INVALID_CURRENCY
    return error(code, message, f"{prefix}.{name}" if name else prefix)


def _parse_triggers(raw: list[dict[str, Any]]) -> list[Trigger] | CategorizationError:
    if not 1 <= len(raw) <= criteria.MAX_TRIGGERS:
        return invalid("triggers", f"A rule has 1 to {criteria.MAX_TRIGGERS} triggers.")
    parsed: list[Trigger] = []
    for index, item in enumerate(raw):
        try:
            parsed.append(_TRIGGER.validate_python(item))
        except ValidationError as exc:
            return _first_problem(exc, f"triggers[{index}]", Code.INVALID_TRIGGER)
    return parsed


def _parse_actions(raw: list[dict[str, Any]]) -> list[Action] | CategorizationError:
    if not 1 <= len(raw) <= criteria.MAX_ACTIONS:
        return invalid("actions", f"A rule has 1 to {criteria.MAX_ACTIONS} actions.")
    parsed: list[Action] = []
    for index, item in enumerate(raw):
        try:
            parsed.append(_ACTION.validate_python(item))
        except ValidationError as exc:
            return _first_problem(exc, f"actions[{index}]", Code.INVALID_ACTION)
    repeated = [kind for kind, n in Counter(a.type for a in parsed).items() if n > 1]
    if set(repeated) & set(criteria.SINGLE_ACTIONS):
        return error(Code.INVALID_ACTION, f"At most one {repeated[0]} action.", "actions")
    return parsed


async def _check_references(
    session: AsyncSession, organization_id: uuid.UUID, rule: ValidRule
) -> CategorizationError | None:
    """Categories, invoices and accounts a rule names must be the organisation's own."""
    for index, action in enumerate(rule.actions):
        where = f"actions[{index}]"
        if isinstance(action, SetCategory):
            found = await active_category(
                session, organization_id, action.category_id, f"{where}.categoryId"
            )
            if isinstance(found, CategorizationError):
                return found
        if isinstance(action, LinkInvoice) and action.invoice_id is not None:
            invoice = await invoice_in_organization(session, organization_id, action.invoice_id)
            if invoice is None or invoice.kind != "invoice":
                return error(Code.INVOICE_NOT_FOUND, "No such invoice.", f"{where}.invoiceId")
    account_ids = {
        account_id
        for trigger in rule.triggers
        if isinstance(trigger, AccountTrigger)
        for account_id in trigger.account_ids
    }
    if account_ids:
        rows = await BankAccountRepository(session, organization_id).by_ids(sorted(account_ids))
        if any(row is None for row in rows):
            return error(Code.ACCOUNT_NOT_FOUND, "No such bank account.", "triggers.accountIds")
    return None


async def validate(
    session: AsyncSession, organization_id: uuid.UUID, data: RuleData, rule_id: uuid.UUID | None
) -> ValidRule | CategorizationError:
    """`data` parsed and checked, or the first problem (nothing is written either way)."""
    name = data.name.strip()
    if not name or len(name) > MAX_NAME:
        return invalid("name", f"A name of 1 to {MAX_NAME} characters.")
    if data.match_mode not in ("all", "any"):
        return invalid("matchMode", "matchMode is all or any.")
    triggers = _parse_triggers(data.triggers)
    if isinstance(triggers, CategorizationError):
        return triggers
    actions = _parse_actions(data.actions)
    if isinstance(actions, CategorizationError):
        return actions
    same = await RuleRepository(session, organization_id).named(name)
    if same is not None and same.id != rule_id:
        return error(Code.RULE_NAME_TAKEN, f"A rule is already named {same.name!r}.", "name")
    valid = ValidRule(name, data.match_mode, data.stop_processing, data.active, triggers, actions)
    problem = await _check_references(session, organization_id, valid)
    return problem if problem is not None else valid


def _store(row: CategorizationRule, rule: ValidRule) -> None:
    row.name, row.match_mode = rule.name, rule.match_mode
    row.stop_processing, row.active = rule.stop_processing, rule.active
    row.triggers = criteria.triggers_json(rule.triggers)
    row.actions = criteria.actions_json(rule.actions)


async def ordered_rules(
    session: AsyncSession, organization_id: uuid.UUID
) -> list[CategorizationRule]:
    """The organisation's rules in run order."""
    return await RuleRepository(session, organization_id).ordered()


async def create_rule(
    session: AsyncSession, organization_id: uuid.UUID, data: RuleData
) -> CategorizationRule | CategorizationError:
    """Create a rule at the end of the organisation's order."""
    repository = RuleRepository(session, organization_id)
    await repository.ordered(lock=True)  # serialises position assignment
    valid = await validate(session, organization_id, data, None)
    if isinstance(valid, CategorizationError):
        return valid
    row = CategorizationRule(
        organization_id=organization_id, position=await repository.next_position()
    )
    _store(row, valid)
    return await repository.add(row)


def current_data(row: CategorizationRule) -> RuleData:
    return RuleData(
        name=row.name,
        match_mode=row.match_mode,
        stop_processing=row.stop_processing,
        active=row.active,
        triggers=list(row.triggers),
        actions=list(row.actions),
    )


async def update_rule(
    session: AsyncSession, organization_id: uuid.UUID, rule_id: uuid.UUID, changes: dict[str, Any]
) -> CategorizationRule | CategorizationError:
    """Apply `changes` (RuleData field -> value; triggers and actions are replaced whole)."""
    row = await RuleRepository(session, organization_id).get(rule_id)
    if row is None:
        return rule_not_found()
    valid = await validate(session, organization_id, replace(current_data(row), **changes), row.id)
    if isinstance(valid, CategorizationError):
        return valid
    _store(row, valid)
    await session.flush()
    return row


async def delete_rule(
    session: AsyncSession, organization_id: uuid.UUID, rule_id: uuid.UUID
) -> CategorizationRule | CategorizationError:
    """Delete a rule; transactions it categorised keep their category (and its id)."""
    row = await RuleRepository(session, organization_id).get(rule_id)
    if row is None:
        return rule_not_found()
    await session.delete(row)
    await session.flush()
    return row


async def reorder_rules(
    session: AsyncSession, organization_id: uuid.UUID, rule_ids: list[uuid.UUID]
) -> list[CategorizationRule] | CategorizationError:
    """Give rules positions 0..n-1 in the order of `rule_ids`, which must list each rule once."""
    rows = await RuleRepository(session, organization_id).ordered(lock=True)
    by_id = {row.id: row for row in rows}
    if len(rule_ids) != len(set(rule_ids)) or set(rule_ids) != set(by_id):
        message = "List every rule of the organisation exactly once."
        return error(Code.INVALID_ORDER, message, "ids")
    for position, rule_id in enumerate(rule_ids):
        by_id[rule_id].position = position
    await session.flush()
    return [by_id[rule_id] for rule_id in rule_ids]


def engine_rule(row: CategorizationRule) -> EngineRule:
    """A stored rule, re-validated, in the engine's terms."""
    return EngineRule(
        id=row.id,
        match_mode=cast(Literal["all", "any"], row.match_mode),
        stop_processing=row.stop_processing,
        active=row.active,
        triggers=criteria.TRIGGERS.validate_python(row.triggers),
        actions=criteria.ACTIONS.validate_python(row.actions),
    )
