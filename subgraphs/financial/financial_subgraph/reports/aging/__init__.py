"""Receivables aging: what each client still owes, by days past due."""
