"""Bank cash flow per month and account."""
