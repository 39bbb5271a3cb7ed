"""`devstack <command>`: the developer entry points."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import warnings


def main() -> None:
    # pgserver asks for a per-user runtime directory when imported; where XDG_RUNTIME_DIR is
    # unset (a container, a root shell) that warns, and pgserver falls back to /tmp anyway.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    parser = argparse.ArgumentParser(prog="devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the whole platform; Ctrl-C stops it")
    smoke = commands.add_parser("smoke", help="smoke-test a running platform")
    smoke.add_argument(
        "--service",
        action="append",
        metavar="NAME=URL",
        help="override a service's base URL (default: supergraph.yaml's routing URLs)",
    )
    smoke.add_argument("--router", default="http://127.0.0.1:3010", help="the router's base URL")
    smoke.add_argument(
        "--database-url",
        help="superuser URL for the schema checks (default: DATABASE_URL, else the dev stack's)",
    )
    commands.add_parser("schemas", help="export every subgraph's SDL into its schema.graphql")
    commands.add_parser("imports", help="generate .importlinter from supergraph.yaml")
    check = commands.add_parser(
        "check", help="fail when committed SDL, import contracts or migrations drift"
    )
    check.add_argument("what", choices=["schemas", "imports", "migrations"])
    revision = commands.add_parser("revision", help="autogenerate a migration for one subgraph")
    revision.add_argument("service")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--head", default="head", help="the revision to build on (branches)")
    revision.add_argument("--rev-id", default=None, help="the new revision's id, e.g. 0005")
    scaffold = commands.add_parser("new-subgraph", help="generate a subgraph on the kit")
    scaffold.add_argument("name", help="e.g. ai: package ai_subgraph, schema ai, env AI_*")
    scaffold.add_argument("--port", type=int, required=True, help="its port, e.g. 3003")
    scaffold.add_argument(
        "--no-install", action="store_true", help="skip ./scripts/setup (the lockfile is updated)"
    )
    commands.add_parser("dockerfiles", help="rewrite every subgraph's Dockerfile from the template")
    args = parser.parse_args()

    if args.command == "run":
        from devstack.run import run

        sys.exit(asyncio.run(run()))
    elif args.command == "smoke":
        from devstack.services import subgraphs
        from devstack.smoke import run_smoke

        services = {spec.name: spec.routing_url.removesuffix("/graphql") for spec in subgraphs()}
        services.update(dict(item.split("=", 1) for item in args.service or []))
        database_url = args.database_url or os.environ.get("DATABASE_URL") or _dev_admin_url()
        sys.exit(1 if asyncio.run(run_smoke(args.router, services, database_url)) else 0)
    elif args.command == "schemas":
        from devstack.schemas import export_schemas

        export_schemas()
    elif args.command == "check" and args.what == "schemas":
        from devstack.schemas import check_schemas

        sys.exit(check_schemas())
    elif args.command == "imports":
        from devstack.import_contracts import write_contracts

        write_contracts()
    elif args.command == "check" and args.what == "imports":
        from devstack.import_contracts import check_contracts

        sys.exit(check_contracts())
    elif args.command == "check":
        from devstack.migrations import check_migrations

        sys.exit(asyncio.run(check_migrations()))
    elif args.command == "new-subgraph":
        from devstack.scaffold.new_subgraph import main as new_subgraph

        sys.exit(new_subgraph(args.name, args.port, install=not args.no_install))
    elif args.command == "dockerfiles":
        from devstack.scaffold.dockerfiles import write_dockerfiles

        write_dockerfiles()
    elif args.command == "revision":
        from devstack.migrations import make_revision

        asyncio.run(make_revision(args.service, args.message, head=args.head, rev_id=args.rev_id))


def _dev_admin_url() -> str | None:
    from devstack.paths import DATA_DIR

    recorded = DATA_DIR / "admin-url"
    return recorded.read_text().strip() if recorded.exists() else None


if __name__ == "__main__":
    main()
