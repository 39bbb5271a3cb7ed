"""Documents: the built-in invoice template renders to a PDF through the router."""

from __future__ import annotations

import base64

from devstack.smoke.financial_checks import _owner_token
from devstack.smoke.runner import SmokeRun, check, expect

PREVIEW = """query { previewDocumentTemplate(input: {}) { __typename
    ... on RenderedDocument { contentType base64 byteSize }
    ... on DocumentError { code message } } }"""


@check("documents: the built-in invoice template renders a PDF")
async def builtin_template_pdf(run: SmokeRun) -> None:
    token = await _owner_token(run)
    body = await run.graphql(PREVIEW, token=token)
    result = body["data"]["previewDocumentTemplate"]
    expect(result["__typename"] == "RenderedDocument", str(body)[:500])
    pdf = base64.b64decode(result["base64"])
    expect(pdf.startswith(b"%PDF-") and len(pdf) == result["byteSize"], "not a PDF")
