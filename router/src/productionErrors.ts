// In production an error tells the client what happened (its code), where to look (the request
// id, which every log line of the request carries) and which service failed; nothing about
// the inside: no subgraph URL, no subgraph query, no variables, no stack. Development keeps the
// gateway's full detail.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError, type ExecutionResult } from 'graphql';

const PUBLIC_EXTENSIONS = ['code', 'service', 'http']; // http: the status, never sent to clients
const requestIds = new WeakMap<Request, string>();

/** The gateway's `requestId.generateRequestId`: also remembers the id for error extensions. */
export function generateRequestId({ request }: { request: Request }): string {
  const id = crypto.randomUUID();
  requestIds.set(request, id);
  return id;
}

function requestIdOf(request: Request): string | undefined {
  const sent = request.headers.get('x-request-id');
  // A client's own id is echoed only when it looks like one.
  return sent && /^[\w.:-]{1,128}$/.test(sent) ? sent : requestIds.get(request);
}

function publicError(error: GraphQLError, requestId: string | undefined): GraphQLError {
  const extensions: Record<string, unknown> = {};
  for (const name of PUBLIC_EXTENSIONS) {
    if (error.extensions?.[name] !== undefined) extensions[name] = error.extensions[name];
  }
  extensions.code ??= 'INTERNAL_SERVER_ERROR';
  if (requestId) extensions.requestId = requestId;
  return new GraphQLError(error.message, { nodes: error.nodes, positions: error.positions, source: error.source, path: error.path, extensions });
}

export function useProductionErrors(): GatewayPlugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      const plain = result as ExecutionResult;
      if (!plain.errors?.length) return;
      const requestId = requestIdOf(request);
      setResult({ ...plain, errors: plain.errors.map((error) => publicError(error, requestId)) });
    },
  };
}
