"""compose.yaml's part of a new subgraph: its service, its database password for db/init.sh,
and the router's URL of it and wait for it."""

from __future__ import annotations

from devstack.scaffold.names import ScaffoldError, SubgraphNames
from devstack.scaffold.templates import template

ROUTER_COMMENT = "  # The only public entry point"


def _service(names: SubgraphNames) -> str:
    return names.render(template("compose_service.yaml.tmpl"))


def compose_yaml(text: str, names: SubgraphNames) -> str:
    name, env = names.name, names.name.upper()
    if f"\n  {name}:\n" in text:
        raise ScaffoldError(f"compose.yaml already has a service {name!r}")
    router_at = text.find(ROUTER_COMMENT)
    if router_at < 0:
        raise ScaffoldError("compose.yaml: cannot find the router service's comment")
    head, router = text[:router_at], text[router_at:]
    password = f"      {env}_DB_PASSWORD: ${{{env}_DB_PASSWORD:?set {env}_DB_PASSWORD in .env}}\n"
    if f"      {env}_DB_PASSWORD:" not in head:
        head = _before(head, "      MONITORING_DB_PASSWORD:", password)
    urls = [line for line in router.splitlines() if "ROUTER_SUBGRAPH_URL_" in line]
    if not urls:
        raise ScaffoldError("compose.yaml: the router lists no ROUTER_SUBGRAPH_URL_*")
    url = f"      ROUTER_SUBGRAPH_URL_{env}: http://{name}:{names.port}/graphql"
    router = router.replace(urls[-1], f"{urls[-1]}\n{url}", 1)
    wait = f"      {name}:\n        condition: service_healthy\n"
    router = _before(router, "      redis:\n        condition: service_healthy", wait)
    return head + _service(names) + router


def _before(text: str, anchor: str, addition: str) -> str:
    if anchor not in text:
        raise ScaffoldError(f"compose.yaml: cannot find {anchor.strip()!r}")
    return text.replace(anchor, addition + anchor, 1)
