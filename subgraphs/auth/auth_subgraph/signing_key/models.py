from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, LargeBinary, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from auth_subgraph.base import Base
from service_runtime.models import utcnow


class SigningKey(Base):
    """An access-token signing key. The private key is stored encrypted (Fernet)."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(Text, primary_key=True)
    algorithm: Mapped[str] = mapped_column(Text)
    private_key_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Null while current; once retired the key stays in the JWKS until tokens it signed expire.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
