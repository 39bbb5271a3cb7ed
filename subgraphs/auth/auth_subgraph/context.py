from __future__ import annotations

from typing import TypeAlias

import strawberry

from auth_subgraph.settings import AuthSettings
from service_runtime.context import RequestContext

AuthContext: TypeAlias = RequestContext[AuthSettings]
Info: TypeAlias = strawberry.Info[AuthContext, None]
