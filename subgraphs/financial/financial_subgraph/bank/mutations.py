from __future__ import annotations

from typing import Annotated

import strawberry

from financial_subgraph.bank import mappings, service
from financial_subgraph.bank.errors import (
    BankError,
    BankErrorCode,
    BankImportError,
    account_not_found,
    bank_error,
    import_error,
)
from financial_subgraph.bank.importing import StatementFile, import_statement
from financial_subgraph.bank.inputs import (
    CreateBankAccountInput,
    CsvLayoutInput,
    ImportBankStatementInput,
    UpdateBankAccountInput,
)
from financial_subgraph.bank.models import BankAccount as AccountRow
from financial_subgraph.bank.parsing import CsvLayout, StatementFormat
from financial_subgraph.bank.types import (
    BankAccount,
    BankAccountPayload,
    BankStatementImport,
    CsvMapping,
    CsvMappingPayload,
    ImportBankStatementPayload,
    StatementRowWarning,
)
from financial_subgraph.context import Info
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import Work, in_transaction, work_of

BankAccountResult = Annotated[BankAccountPayload | BankError, strawberry.union("BankAccountResult")]
SaveCsvMappingResult = Annotated[
    CsvMappingPayload | BankError, strawberry.union("SaveCsvMappingResult")
]
ImportBankStatementResult = Annotated[
    ImportBankStatementPayload | BankImportError, strawberry.union("ImportBankStatementResult")
]


def _account_result(outcome: AccountRow | BankError) -> BankAccountPayload | BankError:
    if isinstance(outcome, BankError):
        return outcome
    return BankAccountPayload(account=BankAccount.from_row(outcome))


async def _csv_layout(work: Work, input: ImportBankStatementInput) -> CsvLayout | BankImportError:
    if input.csv_mapping is not None:
        layout = input.csv_mapping.to_layout()
        error = mappings.check_layout(layout)
        if error is not None:
            return import_error(error.code, error.message, f"csvMapping.{error.field}")
        return layout
    mapping_id = parse_uuid(input.csv_mapping_id) if input.csv_mapping_id else None
    if mapping_id is None:
        message = "A CSV statement needs csvMapping or csvMappingId."
        return import_error(BankErrorCode.INVALID_MAPPING, message, "csvMapping")
    mapping = await mappings.find_mapping(work.session, work.organization_id, mapping_id)
    if mapping is None:
        message = "No such CSV mapping."
        return import_error(BankErrorCode.MAPPING_NOT_FOUND, message, "csvMappingId")
    return mappings.layout_of(mapping)


async def _import(
    work: Work,
    input: ImportBankStatementInput,
    early_tolerance_days: int,
) -> ImportBankStatementPayload | BankImportError:
    account_id = parse_uuid(input.account_id)
    if account_id is None:
        return import_error(BankErrorCode.ACCOUNT_NOT_FOUND, "No such bank account.", "accountId")
    layout: CsvLayout | None = None
    if input.format is StatementFormat.CSV:
        found = await _csv_layout(work, input)
        if isinstance(found, BankImportError):
            return found
        layout = found
    statement = StatementFile(
        account_id, input.format, input.content, input.filename, layout, input.day_first
    )
    outcome = await import_statement(
        work.session, work.organization_id, statement, early_tolerance_days=early_tolerance_days
    )
    if isinstance(outcome, BankImportError):
        return outcome
    flags = outcome.formula_flags
    return ImportBankStatementPayload(
        bank_import=BankStatementImport.from_row(outcome.bank_import),
        transaction_ids=[strawberry.ID(str(id_)) for id_ in outcome.transaction_ids],
        formula_cells=flags.count,
        warnings=[StatementRowWarning.from_row_error(warning) for warning in flags.warnings],
    )


@strawberry.type
class BankMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Open a bank account to import into."
    )
    async def create_bank_account(
        self, info: Info, input: CreateBankAccountInput
    ) -> BankAccountResult:
        work = work_of(info)
        outcome = await service.create_account(work.session, work.organization_id, input.to_data())
        return _account_result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Change a bank account's details."
    )
    async def update_bank_account(
        self, info: Info, id: strawberry.ID, input: UpdateBankAccountInput
    ) -> BankAccountResult:
        work = work_of(info)
        account_id = parse_uuid(id)
        changes = input.to_changes()
        if isinstance(changes, str):
            return bank_error(BankErrorCode.INVALID_INPUT, f"{changes} cannot be null.", changes)
        if account_id is None:
            return account_not_found()
        outcome = await service.update_account(
            work.session, work.organization_id, account_id, changes
        )
        return _account_result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Close an account to imports and hide it; keeps history.",
    )
    async def archive_bank_account(self, info: Info, id: strawberry.ID) -> BankAccountResult:
        work = work_of(info)
        account_id = parse_uuid(id)
        if account_id is None:
            return account_not_found()
        outcome = await service.archive_account(work.session, work.organization_id, account_id)
        return _account_result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Save a CSV column mapping; replaces one of the same name.",
    )
    async def save_csv_mapping(
        self, info: Info, name: str, layout: CsvLayoutInput
    ) -> SaveCsvMappingResult:
        work = work_of(info)
        outcome = await mappings.save_mapping(
            work.session, work.organization_id, name, layout.to_layout()
        )
        if isinstance(outcome, BankError):
            return outcome
        return CsvMappingPayload(mapping=CsvMapping.from_row(outcome))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Import a statement file into an account: every row or, on any error, none.",
    )
    async def import_bank_statement(
        self, info: Info, input: ImportBankStatementInput
    ) -> ImportBankStatementResult:
        work = work_of(info)
        tolerance = info.context.settings.early_payment_tolerance_days
        # A row refused part-way raises Rejected: in_transaction rolls back and returns it.
        return await _import(work, input, tolerance)
