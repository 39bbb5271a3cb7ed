from __future__ import annotations

from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.currency import service
from financial_subgraph.currency.ecb import MalformedRateFileError, parse_ecb_csv
from financial_subgraph.currency.errors import RateImportError, RateImportErrorCode
from financial_subgraph.currency.types import RateImportPayload
from financial_subgraph.scopes import SCOPES
from service_runtime.input_limits import text_limit
from service_runtime.tenancy import tenant_of
from service_runtime.work import writing

ImportEcbRatesResult = Annotated[
    RateImportPayload | RateImportError, strawberry.union("ImportEcbRatesResult")
]

# The full eurofxref-hist file is about 7 MB and grows by a row a day.
ECB_FILE = text_limit(32 * 1024 * 1024)


@strawberry.type
class CurrencyMutation:
    # Not in_transaction: the file (up to 32 MB) is parsed before a connection is taken, and
    # a malformed one never opens a transaction; writing() then stores it all or nothing.
    @strawberry.mutation(
        extensions=SCOPES.admin,
        description="Import the ECB reference-rate CSV (eurofxref-hist); all or nothing.",
    )
    async def import_ecb_rates(
        self, info: Info, csv: Annotated[str, strawberry.argument(metadata=ECB_FILE)]
    ) -> ImportEcbRatesResult:
        tenant_of(info)  # reference data, but only an organisation's admin may import it
        # The whole file is parsed before anything is written: a malformed file writes nothing.
        try:
            parsed = parse_ecb_csv(csv)
        except MalformedRateFileError as error:
            return RateImportError(
                code=RateImportErrorCode.MALFORMED_FILE, message=str(error), line=error.line
            )
        async with writing(info) as work:
            counts = await service.import_rates(work.session, parsed)
        return RateImportPayload.from_counts(counts)
