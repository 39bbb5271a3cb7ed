"""Cross-cutting runtime shared by every subgraph. Holds no domain logic."""

__version__ = "0.1.0"
