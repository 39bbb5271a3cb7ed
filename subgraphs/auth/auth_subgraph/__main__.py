"""`python -m auth_subgraph`: serve the auth subgraph."""

from auth_subgraph.app import create_app
from auth_subgraph.settings import AuthSettings
from service_runtime.serve import serve

if __name__ == "__main__":
    settings = AuthSettings()
    serve(create_app(settings), settings)
