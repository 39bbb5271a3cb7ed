"""GraphQL types of document templates, seller profiles and rendered documents."""

from __future__ import annotations

import base64
import enum
from datetime import datetime

import strawberry

from financial_subgraph.documents.models import DocumentTemplate as TemplateRow
from financial_subgraph.documents.models import SellerProfile as SellerRow
from financial_subgraph.documents.output import OutputFormat, RenderedFile
from financial_subgraph.invoice.types import InvoiceKind


@strawberry.enum(description="PDF; FACTURX: PDF/A-3 with the EN 16931 XML; HTML: the page.")
class DocumentFormat(enum.Enum):
    PDF = "pdf"
    FACTURX = "facturx"
    HTML = "html"

    def to_output(self) -> OutputFormat:
        return OutputFormat(self.value)


@strawberry.type
class DocumentBranding:
    primary_color: str | None = strawberry.field(description="Hex, e.g. #1f4e79.")
    logo_data_uri: str | None = strawberry.field(description="A data:image/...;base64 URI.")
    footer_text: str | None


@strawberry.type
class DocumentTemplate:
    id: strawberry.ID
    name: str
    kind: InvoiceKind
    html: str = strawberry.field(description="A Jinja2 template, run sandboxed.")
    css: str
    is_default: bool = strawberry.field(description="Documents of its kind render with it.")
    branding: DocumentBranding
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: TemplateRow) -> DocumentTemplate:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            kind=InvoiceKind(row.kind),
            html=row.html,
            css=row.css,
            is_default=row.is_default,
            branding=DocumentBranding(
                primary_color=row.primary_color,
                logo_data_uri=row.logo_data_uri,
                footer_text=row.footer_text,
            ),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type
class SellerAddress:
    line1: str | None
    line2: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code.")


@strawberry.type(description="The organisation's details printed on its documents.")
class SellerProfile:
    legal_name: str
    address: SellerAddress
    tax_id: str | None = strawberry.field(description="VAT number, e.g. DE123456789.")
    email: str | None
    phone: str | None
    iban: str | None
    bic: str | None
    bank_name: str | None
    logo_data_uri: str | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: SellerRow) -> SellerProfile:
        address = SellerAddress(
            line1=row.address_line1,
            line2=row.address_line2,
            city=row.city,
            region=row.region,
            postal_code=row.postal_code,
            country=row.country,
        )
        return cls(
            legal_name=row.legal_name,
            address=address,
            tax_id=row.tax_id,
            email=row.email,
            phone=row.phone,
            iban=row.iban,
            bic=row.bic,
            bank_name=row.bank_name,
            logo_data_uri=row.logo_data_uri,
            updated_at=row.updated_at,
        )


@strawberry.type
class RenderedDocument:
    filename: str
    content_type: str
    base64: str = strawberry.field(description="The file's bytes, base64-encoded.")
    byte_size: int

    @classmethod
    def from_file(cls, file: RenderedFile) -> RenderedDocument:
        return cls(
            filename=file.filename,
            content_type=file.content_type,
            base64=base64.b64encode(file.content).decode("ascii"),
            byte_size=len(file.content),
        )


@strawberry.type
class DocumentTemplatePayload:
    template: DocumentTemplate


@strawberry.type
class DeleteDocumentTemplatePayload:
    id: strawberry.ID


@strawberry.type
class SellerProfilePayload:
    seller_profile: SellerProfile
