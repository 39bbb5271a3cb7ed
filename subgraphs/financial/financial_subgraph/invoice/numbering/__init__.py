"""Document numbers from per-organisation patterns, allocated without gaps or duplicates."""
