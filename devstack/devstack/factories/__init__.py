"""Test factories: one way to make each subgraph's things in any test, through its GraphQL API.

`auth.py` makes users and organisations, `financial.py` clients, invoices, bank accounts,
statements and exchange rates. Every factory takes an `Api` first (api.py): the in-process
app's `GraphQL` in a subgraph's tests, or an `httpx.AsyncClient` of the router end to end, so
both kinds of test build their data the same way. Going through the API (not the tables)
keeps the factories valid whatever the services do inside.
"""
