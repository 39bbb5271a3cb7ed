"""Payment matching: incoming bank transactions against open invoices."""
