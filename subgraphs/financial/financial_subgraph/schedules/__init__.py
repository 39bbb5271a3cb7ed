"""Recurring invoices and reminder schedules (owned by the SCHEDULES helper; the invoice
package must not duplicate them).

Tables: recurring_invoices, recurring_invoice_occurrences, reminder_policies, sent_reminders
(migration 0009). Invoices are created and issued only through the invoice package's own
service functions, so numbering, totals, FX and events stay the invoice package's.
"""
