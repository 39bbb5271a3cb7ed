"""Read-only financial reports (profit and loss, receivables aging, cash flow) in the
organisation's base currency, aggregated in PostgreSQL."""
