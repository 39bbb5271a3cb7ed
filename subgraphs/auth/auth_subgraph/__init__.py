"""Auth subgraph: users, organisations, memberships, tokens and the JWKS."""
