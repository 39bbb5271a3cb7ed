"""`python -m financial_subgraph`: serve the financial subgraph."""

from financial_subgraph.app import create_app
from financial_subgraph.settings import FinancialSettings
from service_runtime.serve import serve

if __name__ == "__main__":
    settings = FinancialSettings()
    serve(create_app(settings), settings)
