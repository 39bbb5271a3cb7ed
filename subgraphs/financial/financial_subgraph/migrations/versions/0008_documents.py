"""document templates and seller profiles

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-29 14:40:00.000000

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from service_runtime.migrations import disable_tenant_isolation, enable_tenant_isolation


# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "document_templates",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("css", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("primary_color", sa.Text(), nullable=True),
        sa.Column("logo_data_uri", sa.Text(), nullable=True),
        sa.Column("footer_text", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('invoice', 'quote', 'credit_note')", name=op.f("ck_document_templates_kind")
        ),
        sa.CheckConstraint(
            "primary_color IS NULL OR primary_color ~ '^#[0-9a-fA-F]{6}$'",
            name=op.f("ck_document_templates_color"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_templates")),
        schema="financial",
    )
    op.create_index(
        "uq_document_templates_default",
        "document_templates",
        ["organization_id", "kind"],
        unique=True,
        schema="financial",
        postgresql_where=sa.text("is_default"),
    )
    op.create_index(
        "uq_document_templates_organization_id_kind_name",
        "document_templates",
        ["organization_id", "kind", "name"],
        unique=True,
        schema="financial",
    )
    op.create_table(
        "seller_profiles",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("legal_name", sa.Text(), nullable=False),
        sa.Column("address_line1", sa.Text(), nullable=True),
        sa.Column("address_line2", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("postal_code", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("tax_id", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("iban", sa.Text(), nullable=True),
        sa.Column("bic", sa.Text(), nullable=True),
        sa.Column("bank_name", sa.Text(), nullable=True),
        sa.Column("logo_data_uri", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "country IS NULL OR char_length(country) = 2", name=op.f("ck_seller_profiles_country")
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_seller_profiles")),
        schema="financial",
    )
    enable_tenant_isolation("financial", "document_templates")
    enable_tenant_isolation("financial", "seller_profiles")


def downgrade() -> None:
    """Downgrade schema."""
    disable_tenant_isolation("financial", "seller_profiles")
    disable_tenant_isolation("financial", "document_templates")
    op.drop_table("seller_profiles", schema="financial")
    op.drop_index(
        "uq_document_templates_organization_id_kind_name",
        table_name="document_templates",
        schema="financial",
    )
    op.drop_index(
        "uq_document_templates_default",
        table_name="document_templates",
        schema="financial",
        postgresql_where=sa.text("is_default"),
    )
    op.drop_table("document_templates", schema="financial")
