from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("DEVSTACK_DATA_DIR", REPO_ROOT / ".devdata"))
BOOTSTRAP_SQL = REPO_ROOT / "db" / "bootstrap.sql"
SUPERGRAPH_CONFIG = REPO_ROOT / "supergraph.yaml"
ROUTER_DIR = REPO_ROOT / "router"
