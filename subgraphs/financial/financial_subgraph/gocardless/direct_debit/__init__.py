"""GoCardless Direct Debit: mandates, collected payments and their webhook."""
