"""Local fakes of third-party APIs, speaking their real wire protocols.

Tests point the real SDKs at them (`base_url`); `devstack` can serve them for development.
"""
