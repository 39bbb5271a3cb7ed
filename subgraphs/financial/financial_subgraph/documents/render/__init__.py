"""Rendering within bounds: admission per organisation (slots), the worker processes (pool,
worker), the template run's budget, and `DocumentRenderer` turning all of it into typed errors."""
