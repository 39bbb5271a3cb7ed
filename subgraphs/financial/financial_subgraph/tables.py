"""Every module that defines tables, imported so `Base.metadata` is complete (migrations and
the drift check read it). A new domain adds its models module here."""

from __future__ import annotations

import financial_subgraph.bank.models
import financial_subgraph.categories.models
import financial_subgraph.categorization.models
import financial_subgraph.client.models
import financial_subgraph.currency.models
import financial_subgraph.documents.models
import financial_subgraph.gocardless.bank_data.models
import financial_subgraph.gocardless.direct_debit.models
import financial_subgraph.invoice.models
import financial_subgraph.jobs.models
import financial_subgraph.matching.models
import financial_subgraph.organization.models
import financial_subgraph.schedules.models  # noqa: F401
