// Bounds on what a client may send, enforced before anything else reads it: the body's size
// (413 REQUEST_TOO_LARGE, from Content-Length or while streaming, never buffering more than
// the limit), its encoding and JSON (400 INVALID_JSON), and the depth and size of variables and
// extensions (400 VARIABLES_TOO_DEEP / VARIABLES_TOO_LARGE). A verified client may send more
// than an anonymous one: statement imports carry whole files. Messages never echo the input.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import type { GraphQLParams } from 'graphql-yoga';
import { clientOf } from './clientGate.ts';
import { measureJson, type JsonBounds } from './jsonBounds.ts';
import type { RouterSettings } from './settings.ts';

// The parameters of a GraphQL-over-HTTP request, plus the persisted-document id.
const PARAMETERS = new Set(['query', 'variables', 'operationName', 'extensions', 'documentId']);
const DRAIN_BYTES = 32 * 1_048_576; // read and dropped past a limit, see discardRest
const JSON_TYPES = /^\s*application\/(graphql\+)?json\s*(;|$)/i;

function refusal(status: number, code: string, message: string): Error {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

function bodyLimit(request: Request, settings: RouterSettings): number {
  return clientOf(request)?.identity ? settings.maxAuthenticatedBodyBytes : settings.maxBodyBytes;
}

function tooLarge(limit: number): Error {
  return refusal(413, 'REQUEST_TOO_LARGE', `The request body is over ${limit} bytes.`);
}

/** The body's bytes, reading no further than `limit` (a 413 GraphQLError beyond). */
export async function readBounded(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !/^\d+$/.test(declared)) throw refusal(400, 'BAD_REQUEST', 'Invalid Content-Length.');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) return discardRest(reader, size, limit);
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/** Reads on without keeping anything, so a client still sending can read the 413 (a client
 * that sends its whole body before reading sees a reset connection otherwise); DRAIN_BYTES
 * past the limit the connection is dropped instead. */
async function discardRest(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  size: number,
  limit: number,
): Promise<never> {
  for (let read = await reader.read(); !read.done && size <= limit + DRAIN_BYTES; read = await reader.read()) {
    size += read.value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  throw tooLarge(limit);
}

export function checkBounds(params: Record<string, unknown>, bounds: JsonBounds): void {
  for (const name of ['variables', 'extensions']) {
    const verdict = measureJson(params[name], bounds);
    if (verdict === 'too_deep') {
      throw refusal(400, 'VARIABLES_TOO_DEEP', `The ${name} are nested deeper than ${bounds.maxDepth} levels.`);
    }
    if (verdict === 'too_many_nodes') {
      throw refusal(400, 'VARIABLES_TOO_LARGE', `The ${name} hold more than ${bounds.maxNodes} values.`);
    }
  }
}

function parseJsonBody(bytes: Uint8Array, bounds: JsonBounds): GraphQLParams {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw refusal(400, 'INVALID_JSON', 'The request body is not valid UTF-8 JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw refusal(400, 'BAD_REQUEST', 'The request body must be a JSON object.');
  }
  if (Object.keys(body).some((key) => !PARAMETERS.has(key))) {
    throw refusal(400, 'BAD_REQUEST', `The request body may hold only ${[...PARAMETERS].join(', ')}.`);
  }
  checkBounds(body as Record<string, unknown>, bounds);
  return body as GraphQLParams;
}

export function useRequestGuard(settings: RouterSettings): GatewayPlugin {
  const bounds = { maxDepth: settings.maxVariablesDepth, maxNodes: settings.maxVariablesNodes };
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (request.method !== 'POST') return;
      const limit = bodyLimit(request, settings);
      if (JSON_TYPES.test(request.headers.get('content-type') ?? '')) {
        setRequestParser(async (incoming) => parseJsonBody(await readBounded(incoming, limit), bounds));
      } else if (!requestParser) {
        throw refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json.');
      } else {
        // Other encodings (form fields, application/graphql) keep their parser, on a bounded body.
        const parse = requestParser;
        setRequestParser(async (incoming) => {
          const body = await readBounded(incoming, limit);
          return parse(new Request(incoming.url, { method: 'POST', headers: incoming.headers, body }));
        });
      }
    },
    onParams({ params }) {
      // GET query strings and form fields are parsed by the gateway: bound them here, before
      // any other plugin walks them.
      checkBounds(params as Record<string, unknown>, bounds);
    },
  };
}
