"""Run a service app under uvicorn with graceful shutdown."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from service_runtime.settings import ServiceSettings

KEEP_ALIVE_SECONDS = 75


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    # On SIGTERM/SIGINT uvicorn stops accepting, lets in-flight requests finish (up to the
    # timeout), then runs the lifespan shutdown: background relays stop, pools close.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
        proxy_headers=False,
        # Keep idle connections well past the router's: Node's HTTP agent drops an idle
        # connection after 5 s, uvicorn's default was also 5 s, and when the subgraph closed
        # first the router could send a request on a connection just being closed (ECONNRESET).
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
