"""Profit and loss by category and month (cash basis)."""
