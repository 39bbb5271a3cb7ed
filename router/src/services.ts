// Health, readiness and service discovery (the seed's /api/services) for the router.
import { readFileSync } from 'node:fs';
import type { GatewayPlugin } from '@graphql-hive/gateway';

export interface Subgraph {
  name: string;
  url: string; // its GraphQL endpoint
}

interface SubgraphHealth {
  name: string;
  url: string;
  status: string; // the subgraph's own /health status, or "unreachable"
  version: string | null;
  uptime: number | null;
}

// What the dev stack's supervisor (devstack/devstack/supervisor.py) records per service.
interface Supervision {
  supervisor: string; // running | restarting | failed | stopped
  restarts: number;
  lastExit: { code: number; signal: string | null; at: string } | null;
}

const started = Date.now();
const PROBE_TIMEOUT_MS = 2_000;

/** Subgraphs named in the composed supergraph (join__Graph), with URL overrides applied. */
export function subgraphsOf(supergraphPath: string, overrides: Record<string, string>): Subgraph[] {
  const sdl = readFileSync(supergraphPath, 'utf8');
  const graphs = [...sdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]+)"\)/g)];
  return graphs.map(([, name, url]) => ({ name, url: overrides[name] ?? url }));
}

async function probe(subgraph: Subgraph): Promise<SubgraphHealth> {
  const healthUrl = new URL('/health', subgraph.url);
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const body = (await response.json()) as { status?: string; version?: string; uptime?: number };
    return {
      ...subgraph,
      status: body.status ?? 'unknown',
      version: body.version ?? null,
      uptime: body.uptime ?? null,
    };
  } catch {
    return { ...subgraph, status: 'unreachable', version: null, uptime: null };
  }
}

/** The supervisor's state file named by ROUTER_SUPERVISOR_STATE (set by `devstack run`);
 * read on each call, as the supervisor rewrites it. Nothing when unset or unreadable. */
function supervision(): Record<string, Supervision> {
  const path = process.env.ROUTER_SUPERVISOR_STATE;
  if (!path) return {};
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as {
      services?: Record<string, { status: string; restarts: number; lastExit: Supervision['lastExit'] }>;
    };
    return Object.fromEntries(
      Object.entries(state.services ?? {}).map(([name, entry]) => [
        name,
        { supervisor: entry.status, restarts: entry.restarts, lastExit: entry.lastExit },
      ]),
    );
  } catch {
    return {};
  }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function useServiceEndpoints(subgraphs: Subgraph[], version: string): GatewayPlugin {
  const probeAll = () => Promise.all(subgraphs.map(probe));
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === '/api/services') {
        const supervised = supervision();
        const services = (await probeAll()).map((service) => ({ ...service, ...supervised[service.name] }));
        endResponse(json({ services }));
      } else if (url.pathname === '/readiness') {
        // Ready only while every subgraph answers: a load balancer then routes elsewhere.
        const health = await probeAll();
        const down = health.filter((service) => service.status !== 'healthy' && service.status !== 'degraded');
        endResponse(
          json({ ready: down.length === 0, unavailable: down.map((service) => service.name) }, down.length ? 503 : 200),
        );
      } else if (url.pathname === '/health') {
        const health = await probeAll();
        const dependencies = Object.fromEntries(
          health.map((service) => [service.name, service.status === 'unreachable' ? 'disconnected' : 'connected']),
        );
        const connected = Object.values(dependencies).filter((state) => state === 'connected').length;
        const status = connected === health.length ? 'healthy' : connected > 0 ? 'degraded' : 'unhealthy';
        endResponse(
          json(
            { status, service: 'router', version, uptime: Math.floor((Date.now() - started) / 1000), dependencies },
            status === 'unhealthy' ? 503 : 200,
          ),
        );
      }
    },
  };
}
