"""`python -m auth_subgraph`: serve the auth subgraph."""

from service_runtime.serve import serve

from auth_subgraph.app import create_app
from auth_subgraph.settings import AuthSettings

if __name__ == "__main__":
    settings = AuthSettings()  # type: ignore[call-arg]
    serve(create_app(settings), settings)
