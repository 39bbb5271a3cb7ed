// Webhooks from payment and bank providers reach subgraphs through the router, the only public
// port: POST /webhooks/<subgraph>/<path> is passed to <subgraph>/webhooks/<path> byte for byte
// (signatures are computed over the raw body, so it is never parsed or re-encoded here). The
// subgraph verifies the signature; the router neither authenticates nor rate-limits these
// requests, since providers sign them instead of sending tokens.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { readBounded } from './requestGuard.ts';
import type { Subgraph } from './services.ts';

const MAX_BODY_BYTES = 1_048_576;
const FORWARDED_HEADERS = ['content-type', 'user-agent', 'x-request-id', 'webhook-signature', 'origin'];
const UPSTREAM_TIMEOUT_MS = 10_000;

function problem(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

async function forward(request: Request, subgraph: Subgraph, path: string): Promise<Response> {
  if (request.method !== 'POST') return problem(405, 'METHOD_NOT_ALLOWED', 'Webhooks are POST requests.');
  let body: Uint8Array<ArrayBuffer>;
  try {
    // Streamed bodies too: nothing past the limit is kept.
    body = await readBounded(request, MAX_BODY_BYTES);
  } catch (error) {
    const tooLarge = (error as { extensions?: { code?: string } }).extensions?.code === 'REQUEST_TOO_LARGE';
    return tooLarge
      ? problem(413, 'PAYLOAD_TOO_LARGE', 'Webhook body over 1 MiB.')
      : problem(400, 'BAD_REQUEST', 'Unreadable webhook body.');
  }
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  try {
    const upstream = await fetch(new URL(`/webhooks/${path}`, subgraph.url), {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    // Status and body pass back unchanged: a provider retries on its own rules (e.g. 498).
    return new Response(await upstream.arrayBuffer(), {
      status: upstream.status,
      headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json' },
    });
  } catch {
    return problem(502, 'SUBGRAPH_UNREACHABLE', `The ${subgraph.name} service did not answer.`);
  }
}

export function useWebhookForwarding(subgraphs: Subgraph[]): GatewayPlugin {
  const byName = new Map(subgraphs.map((subgraph) => [subgraph.name, subgraph]));
  return {
    async onRequest({ request, url, endResponse }) {
      const match = /^\/webhooks\/([a-z0-9_-]+)\/([a-z0-9_/.-]+)$/i.exec(url.pathname);
      if (!match) return;
      const [, name, path] = match;
      const subgraph = byName.get(name);
      endResponse(subgraph ? await forward(request, subgraph, path) : problem(404, 'NOT_FOUND', 'No such webhook.'));
    },
  };
}
