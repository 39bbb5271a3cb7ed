"""compose.yaml, the Dockerfiles, db/ and .env.example agree with the code they deploy.

There is no Docker engine in CI: these tests read the files, nothing is built or started.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import secrets
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from devstack.paths import BOOTSTRAP_SQL, REPO_ROOT
from devstack.services import SubgraphSpec, subgraphs
from service_runtime.settings import ServiceSettings

COMPOSE_FILE = REPO_ROOT / "compose.yaml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
INFRASTRUCTURE = {"postgres", "redis", "router"}
SUBGRAPHS = subgraphs()
auth_spec = next(spec for spec in SUBGRAPHS if spec.name == "auth")
# Subgraphs with background jobs have `<module>.worker` and a `<name>-worker` compose service.
WORKERS = {
    f"{spec.name}-worker": spec
    for spec in SUBGRAPHS
    if importlib.util.find_spec(f"{spec.module}.worker") is not None
}
each_subgraph = pytest.mark.parametrize("spec", SUBGRAPHS, ids=lambda spec: spec.name)

# $$ is an escaped dollar; ${NAME}, ${NAME:-default}, ${NAME:?error} read the .env file.
_VARIABLE = re.compile(r"\$(?:\$|\{(?P<name>\w+)(?::?(?P<op>[-?])(?P<arg>[^}]*))?\})")


def example_values() -> dict[str, str]:
    lines = (line.strip() for line in ENV_EXAMPLE.read_text().splitlines())
    pairs = (line.split("=", 1) for line in lines if line and not line.startswith("#"))
    return {name: value for name, value in pairs}


def interpolate(text: str, values: dict[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        if match["name"] is None:
            return "$"
        value = values.get(match["name"], "")
        return match["arg"] if not value and match["op"] == "-" else value

    return _VARIABLE.sub(substitute, text)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """compose.yaml as deployed: the example's must-replace values replaced by real secrets."""
    values = {
        name: secrets.token_urlsafe(32) if value.startswith("replace-with-") else value
        for name, value in example_values().items()
    }
    return yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), values))


def environment(compose: dict[str, Any], service: str) -> dict[str, str]:
    return {name: str(value) for name, value in compose["services"][service]["environment"].items()}


def settings_class(spec: SubgraphSpec) -> type[ServiceSettings]:
    module = importlib.import_module(f"{spec.module}.settings")
    (found,) = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == module.__name__
    ]
    return found


def bootstrap_services() -> list[str]:
    listed = re.search(r"FOREACH service IN ARRAY ARRAY\[(.*?)\]", BOOTSTRAP_SQL.read_text())
    assert listed, "db/bootstrap.sql no longer lists its services the way this test reads them"
    return re.findall(r"'(\w+)'", listed[1])


def dockerfile(spec: SubgraphSpec) -> Path:
    return REPO_ROOT / "subgraphs" / spec.name / "Dockerfile"


def instructions(path: Path, keyword: str) -> list[str]:
    text = path.read_text().replace("\\\n", " ")
    return re.findall(rf"^{keyword}\s+(.*)$", text, flags=re.MULTILINE)


def test_every_app_service_in_compose_is_a_subgraph_or_its_worker(
    compose: dict[str, Any],
) -> None:
    allowed = {spec.name for spec in SUBGRAPHS} | set(WORKERS)
    assert set(compose["services"]) - INFRASTRUCTURE <= allowed


@pytest.mark.parametrize("name", sorted(WORKERS))
def test_job_worker_runs_its_module_from_the_subgraph_image_with_its_urls(
    compose: dict[str, Any], name: str
) -> None:
    spec, worker = WORKERS[name], compose["services"][name]
    assert worker["command"] == ["python", "-m", f"{spec.module}.worker"]
    assert worker["build"] == compose["services"][spec.name]["build"]
    service_env = environment(compose, spec.name)
    for setting in ("DATABASE_URL", "REDIS_URL", "ENVIRONMENT"):
        key = f"{spec.env_prefix}{setting}"
        assert environment(compose, name)[key] == service_env[key]
    assert worker["depends_on"] == {spec.name: {"condition": "service_healthy"}}


@each_subgraph
def test_subgraph_has_a_compose_service(compose: dict[str, Any], spec: SubgraphSpec) -> None:
    assert spec.name in compose["services"]


@each_subgraph
def test_compose_port_matches_the_routing_url(compose: dict[str, Any], spec: SubgraphSpec) -> None:
    service = compose["services"][spec.name]
    exposed = [str(port) for port in service.get("expose", [])]
    published = [str(port).rsplit(":", 1)[-1] for port in service.get("ports", [])]
    assert environment(compose, spec.name)[f"{spec.env_prefix}PORT"] == str(spec.port)
    assert str(spec.port) in exposed + published


@each_subgraph
def test_environment_names_fields_of_the_service_settings(
    compose: dict[str, Any], spec: SubgraphSpec
) -> None:
    fields = settings_class(spec).model_fields
    for name in environment(compose, spec.name):
        assert name.startswith(spec.env_prefix), name
        assert name == name.upper(), name
        assert name.removeprefix(spec.env_prefix).lower() in fields, name


@each_subgraph
def test_required_and_secret_settings_are_set(compose: dict[str, Any], spec: SubgraphSpec) -> None:
    cls = settings_class(spec)
    required = [name for name, field in cls.model_fields.items() if field.is_required()]
    for name in [*required, *cls.secret_fields]:
        assert f"{spec.env_prefix}{name.upper()}" in environment(compose, spec.name), name


@each_subgraph
def test_settings_load_from_the_compose_environment(
    compose: dict[str, Any], spec: SubgraphSpec
) -> None:
    prefix = spec.env_prefix
    values = {k.removeprefix(prefix).lower(): v for k, v in environment(compose, spec.name).items()}
    settings = settings_class(spec)(_env_file=None, **values)
    assert settings.port == spec.port
    assert not settings.is_development


@each_subgraph
def test_jwks_url_points_at_the_auth_service(compose: dict[str, Any], spec: SubgraphSpec) -> None:
    url = urlsplit(environment(compose, spec.name)[f"{spec.env_prefix}JWKS_URL"])
    assert (url.hostname, url.port, url.path) == ("auth", auth_spec.port, "/.well-known/jwks.json")


@each_subgraph
def test_waits_for_healthy_postgres_and_redis(compose: dict[str, Any], spec: SubgraphSpec) -> None:
    depends_on = compose["services"][spec.name]["depends_on"]
    for dependency in ("postgres", "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy"
        assert "healthcheck" in compose["services"][dependency]


@each_subgraph
def test_healthcheck_asks_its_health_endpoint(compose: dict[str, Any], spec: SubgraphSpec) -> None:
    check = " ".join(compose["services"][spec.name]["healthcheck"]["test"])
    assert f"127.0.0.1:{spec.port}/health" in check


@each_subgraph
def test_image_builds_from_its_dockerfile(compose: dict[str, Any], spec: SubgraphSpec) -> None:
    build = compose["services"][spec.name]["build"]
    assert (REPO_ROOT / build["context"]).resolve() == REPO_ROOT
    assert REPO_ROOT / build["dockerfile"] == dockerfile(spec)
    assert dockerfile(spec).is_file()


@each_subgraph
def test_dockerfile_runs_the_subgraph_module(spec: SubgraphSpec) -> None:
    assert json.loads(instructions(dockerfile(spec), "CMD")[-1]) == ["python", "-m", spec.module]


@each_subgraph
def test_dockerfile_exposes_and_health_checks_the_routing_port(spec: SubgraphSpec) -> None:
    assert instructions(dockerfile(spec), "EXPOSE") == [str(spec.port)]
    (healthcheck,) = instructions(dockerfile(spec), "HEALTHCHECK")
    assert f"127.0.0.1:{spec.port}/health" in healthcheck


@each_subgraph
def test_dockerfile_copies_every_workspace_member_pyproject(spec: SubgraphSpec) -> None:
    # uv resolves `--package` against the whole workspace that uv.lock describes.
    workspace = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    members = [
        found.parent
        for pattern in workspace["members"]
        for found in REPO_ROOT.glob(f"{pattern}/pyproject.toml")
    ]
    copied = " ".join(instructions(dockerfile(spec), "COPY"))
    for member in members:
        assert f"{member.relative_to(REPO_ROOT)}/pyproject.toml" in copied, member


@each_subgraph
def test_database_url_logs_in_as_the_service_role(
    compose: dict[str, Any], spec: SubgraphSpec
) -> None:
    url = urlsplit(environment(compose, spec.name)[f"{spec.env_prefix}DATABASE_URL"])
    assert (url.scheme, url.hostname) == ("postgresql+asyncpg", "postgres")
    assert url.username == f"{spec.name}_svc"
    assert spec.name in bootstrap_services()


@each_subgraph
def test_database_password_is_the_one_init_sh_sets(spec: SubgraphSpec) -> None:
    raw = yaml.safe_load(COMPOSE_FILE.read_text())
    url = raw["services"][spec.name]["environment"][f"{spec.env_prefix}DATABASE_URL"]
    assert f":${{{spec.name.upper()}_DB_PASSWORD" in url


def test_postgres_gets_a_password_for_every_bootstrap_role(compose: dict[str, Any]) -> None:
    for service in bootstrap_services():
        assert f"{service.upper()}_DB_PASSWORD" in environment(compose, "postgres")


def test_role_passwords_are_set_after_bootstrap(compose: dict[str, Any]) -> None:
    mounts = dict(volume.split(":")[:2] for volume in compose["services"]["postgres"]["volumes"])
    bootstrap = mounts["./db/bootstrap.sql"]
    passwords = mounts["./db/init.sh"]
    assert Path(bootstrap).parent == Path(passwords).parent == Path("/docker-entrypoint-initdb.d")
    assert Path(bootstrap).name < Path(passwords).name
    assert os.access(REPO_ROOT / "db" / "init.sh", os.X_OK)


def test_every_interpolated_variable_is_in_env_example() -> None:
    used = {match["name"] for match in _VARIABLE.finditer(COMPOSE_FILE.read_text())}
    assert used - {None} <= set(example_values())


def test_env_example_holds_only_variables_compose_reads() -> None:
    used = {match["name"] for match in _VARIABLE.finditer(COMPOSE_FILE.read_text())}
    assert set(example_values()) <= used


ROUTER_SETTINGS = REPO_ROOT / "router" / "src" / "settings.ts"
ROUTER_DOCKERFILE = REPO_ROOT / "router" / "Dockerfile"


def router_setting_names() -> set[str]:
    """Every ROUTER_* variable router/src/settings.ts reads."""
    text = ROUTER_SETTINGS.read_text()
    names = {f"ROUTER_{name}" for name in re.findall(r"(?:env|integer|list)\('([A-Z_]+)'", text)}
    return names | {"ROUTER_REDIS_URL"}


def test_router_environment_names_real_settings(compose: dict[str, Any]) -> None:
    known = router_setting_names()
    for name in environment(compose, "router"):
        assert name in known or name.startswith("ROUTER_SUBGRAPH_URL_"), name


def test_router_reaches_every_subgraph_by_service_name(compose: dict[str, Any]) -> None:
    env = environment(compose, "router")
    for spec in SUBGRAPHS:
        url = env.get(f"ROUTER_SUBGRAPH_URL_{spec.name.upper()}")
        assert url == f"http://{spec.name}:{spec.port}/graphql", (spec.name, url)
    assert env["ROUTER_JWKS_URL"] == f"http://auth:{auth_spec.port}/.well-known/jwks.json"


def test_router_waits_for_every_subgraph_and_redis(compose: dict[str, Any]) -> None:
    depends = compose["services"]["router"]["depends_on"]
    for name in [*(spec.name for spec in SUBGRAPHS), "redis"]:
        assert depends[name]["condition"] == "service_healthy", name


def test_router_is_the_only_service_publishing_a_port(compose: dict[str, Any]) -> None:
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"router"}
    assert compose["services"]["router"]["ports"] == ["3010:3010"]


def test_router_dockerfile_serves_the_composed_supergraph() -> None:
    text = ROUTER_DOCKERFILE.read_text()
    assert "COPY supergraph.graphql /app/supergraph.graphql" in text
    assert '"--port", "3010"' in text
    assert "npm ci" in text


@each_subgraph
def test_dockerfile_is_the_shared_template_rendered(spec: SubgraphSpec) -> None:
    from devstack.scaffold.dockerfiles import render_dockerfile
    from devstack.scaffold.names import SubgraphNames

    expected = render_dockerfile(SubgraphNames(spec.name, spec.port))
    assert dockerfile(spec).read_text() == expected, "run `devstack dockerfiles`"
