from __future__ import annotations

from sqlalchemy import select

from auth_subgraph.user.models import User
from service_runtime.repository import Repository


def normalise_email(email: str) -> str:
    return email.strip().lower()


class UserRepository(Repository[User]):
    model = User

    async def by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == normalise_email(email)))
