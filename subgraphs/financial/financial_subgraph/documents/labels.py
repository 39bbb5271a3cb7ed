"""The default template's wording in the client's language (English when not translated)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from babel import Locale

from financial_subgraph.documents.view import DocumentKind

_EN = {
    "invoice": "Invoice",
    "quote": "Quote",
    "credit_note": "Credit note",
    "draft": "Draft",
    "void": "Void",
    "number": "Number",
    "issue_date": "Date",
    "due_date": "Due date",
    "valid_until": "Valid until",
    "reference": "Reference",
    "bill_to": "Bill to",
    "description": "Description",
    "quantity": "Qty",
    "unit_price": "Unit price",
    "discount": "Discount",
    "tax": "Tax",
    "amount": "Amount",
    "subtotal": "Subtotal",
    "net": "Net",
    "total": "Total",
    "paid": "Paid",
    "balance_due": "Balance due",
    "tax_breakdown": "Tax breakdown",
    "taxable_amount": "Taxable amount",
    "rate": "Rate",
    "tax_id": "Tax ID",
    "payment_terms": "Payment terms",
    "bank_details": "Bank details",
    "notes": "Notes",
}

_TRANSLATIONS: dict[str, dict[str, str]] = {
    "de": {
        "invoice": "Rechnung",
        "quote": "Angebot",
        "credit_note": "Gutschrift",
        "draft": "Entwurf",
        "void": "Storniert",
        "number": "Nummer",
        "issue_date": "Datum",
        "due_date": "Fällig am",
        "valid_until": "Gültig bis",
        "reference": "Referenz",
        "bill_to": "Rechnungsempfänger",
        "description": "Beschreibung",
        "quantity": "Menge",
        "unit_price": "Einzelpreis",
        "discount": "Rabatt",
        "tax": "Steuer",
        "amount": "Betrag",
        "subtotal": "Zwischensumme",
        "net": "Netto",
        "total": "Gesamt",
        "paid": "Bezahlt",
        "balance_due": "Offener Betrag",
        "tax_breakdown": "Steueraufstellung",
        "taxable_amount": "Bemessungsgrundlage",
        "rate": "Satz",
        "tax_id": "USt-IdNr.",
        "payment_terms": "Zahlungsbedingungen",
        "bank_details": "Bankverbindung",
        "notes": "Anmerkungen",
    },
    "fr": {
        "invoice": "Facture",
        "quote": "Devis",
        "credit_note": "Avoir",
        "draft": "Brouillon",
        "void": "Annulée",
        "number": "Numéro",
        "issue_date": "Date",
        "due_date": "Échéance",
        "valid_until": "Valable jusqu'au",
        "reference": "Référence",
        "bill_to": "Facturé à",
        "description": "Désignation",
        "quantity": "Qté",
        "unit_price": "Prix unitaire",
        "discount": "Remise",
        "tax": "TVA",
        "amount": "Montant",
        "subtotal": "Sous-total",
        "net": "Total HT",
        "total": "Total TTC",
        "paid": "Payé",
        "balance_due": "Reste à payer",
        "tax_breakdown": "Détail de la TVA",
        "taxable_amount": "Base",
        "rate": "Taux",
        "tax_id": "N° TVA",
        "payment_terms": "Conditions de paiement",
        "bank_details": "Coordonnées bancaires",
        "notes": "Remarques",
    },
}


def labels_for(locale: Locale) -> Mapping[str, str]:
    """Every label, translated where a translation exists."""
    return MappingProxyType({**_EN, **_TRANSLATIONS.get(locale.language, {})})


def title_of(kind: DocumentKind, labels: Mapping[str, str]) -> str:
    return labels[kind.value]
