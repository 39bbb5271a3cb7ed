from __future__ import annotations

from typing import TypeAlias

import strawberry

from financial_subgraph.settings import FinancialSettings
from service_runtime.context import RequestContext

FinancialContext: TypeAlias = RequestContext[FinancialSettings]
Info: TypeAlias = strawberry.Info[FinancialContext, None]
