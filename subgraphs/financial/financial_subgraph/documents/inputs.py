"""GraphQL inputs of the document mutations and queries, and their service data."""

from __future__ import annotations

import strawberry

from financial_subgraph.documents.seller import SellerData
from financial_subgraph.documents.template_context import Branding
from financial_subgraph.documents.templates import TemplateData
from financial_subgraph.documents.types import DocumentFormat
from financial_subgraph.documents.view import DocumentKind
from financial_subgraph.invoice.types import InvoiceKind
from service_runtime.input_limits import text_limit

# Above the documents' own limits (sandbox, html and validation check those with their codes).
TEMPLATE_TEXT = text_limit(1_000_000)
LOGO_TEXT = text_limit(1_000_000)  # 512 KiB as base64, with room for the data: prefix


@strawberry.input
class DocumentBrandingInput:
    primary_color: str | None = strawberry.field(default=None, description="Hex, e.g. #1f4e79.")
    logo_data_uri: str | None = strawberry.field(
        default=None,
        description="data:image/(png|jpeg|gif|webp|svg+xml);base64,... (512 KiB).",
        metadata=LOGO_TEXT,
    )
    footer_text: str | None = None

    def to_branding(self) -> Branding:
        return Branding(self.primary_color, self.logo_data_uri, self.footer_text)


NO_BRANDING = DocumentBrandingInput()


@strawberry.input(description="Without id: a new template. With id: replaces that template.")
class SaveDocumentTemplateInput:
    id: strawberry.ID | None = None
    name: str
    kind: InvoiceKind
    html: str = strawberry.field(metadata=TEMPLATE_TEXT)
    css: str = strawberry.field(default="", metadata=TEMPLATE_TEXT)
    is_default: bool = False
    branding: DocumentBrandingInput | None = None

    def to_data(self) -> TemplateData:
        branding = self.branding or NO_BRANDING
        return TemplateData(
            name=self.name,
            kind=DocumentKind(self.kind.value),
            html=self.html,
            css=self.css,
            is_default=self.is_default,
            primary_color=branding.primary_color,
            logo_data_uri=branding.logo_data_uri,
            footer_text=branding.footer_text,
        )


@strawberry.input(description="Renders sample data; html null means the built-in template.")
class PreviewDocumentTemplateInput:
    kind: InvoiceKind = InvoiceKind.INVOICE
    html: str | None = strawberry.field(default=None, metadata=TEMPLATE_TEXT)
    css: str | None = strawberry.field(default=None, metadata=TEMPLATE_TEXT)
    branding: DocumentBrandingInput | None = None
    language: str | None = strawberry.field(default=None, description="BCP 47; en if null.")
    draft: bool = strawberry.field(default=False, description="Render as a draft.")
    format: DocumentFormat = DocumentFormat.PDF


@strawberry.input
class SellerAddressInput:
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2.")


@strawberry.input(description="Replaces the whole seller profile.")
class SellerProfileInput:
    legal_name: str
    address: SellerAddressInput | None = None
    tax_id: str | None = None
    email: str | None = None
    phone: str | None = None
    iban: str | None = None
    bic: str | None = None
    bank_name: str | None = None
    logo_data_uri: str | None = strawberry.field(default=None, metadata=LOGO_TEXT)

    def to_data(self) -> SellerData:
        address = self.address or SellerAddressInput()
        return SellerData(
            legal_name=self.legal_name,
            address_line1=address.line1,
            address_line2=address.line2,
            city=address.city,
            region=address.region,
            postal_code=address.postal_code,
            country=address.country,
            tax_id=self.tax_id,
            email=self.email,
            phone=self.phone,
            iban=self.iban,
            bic=self.bic,
            bank_name=self.bank_name,
            logo_data_uri=self.logo_data_uri,
        )
