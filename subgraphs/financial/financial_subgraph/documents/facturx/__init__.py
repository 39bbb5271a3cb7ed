"""Factur-X / ZUGFeRD 2 e-invoices (EN 16931): the CII XML and its embedding in a PDF/A-3."""
