"""Live updates of financial data (GraphQL subscriptions), fed by the service's own events."""
