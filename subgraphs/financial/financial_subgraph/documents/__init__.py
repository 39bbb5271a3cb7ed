"""Invoice, quote and credit-note documents: per-organisation templates (sandboxed Jinja2),
PDF rendering (WeasyPrint) and Factur-X / ZUGFeRD e-invoices (drafthorse)."""
