// What clients see of errors. Every error carries an `extensions.code` (a few of the gateway's
// own, such as its CSRF and depth refusals, came without one). In production an error tells
// the client what happened (its code), where to look (the request id, which every log line of
// the request carries) and which service failed; nothing about the inside: no subgraph URL,
// no subgraph query, no variables, no stack. Development keeps the gateway's full detail.
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

export function requestIdOf(request: Request): string | undefined {
  const sent = request.headers.get('x-request-id');
  // A client's own id is echoed only when it looks like one.
  return sent && /^[\w.:-]{1,128}$/.test(sent) ? sent : requestIds.get(request);
}

export function publicError(error: GraphQLError, requestId: string | undefined): GraphQLError {
  const extensions: Record<string, unknown> = {};
  for (const name of PUBLIC_EXTENSIONS) {
    if (error.extensions?.[name] !== undefined) extensions[name] = error.extensions[name];
  }
  extensions.code ??= 'INTERNAL_SERVER_ERROR';
  if (requestId) extensions.requestId = requestId;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    positions: error.positions,
    source: error.source,
    path: error.path,
    extensions,
  });
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'REQUEST_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export function withCode(error: GraphQLError, executed: boolean): GraphQLError {
  if (error.extensions?.code) return error;
  const status = error.extensions?.http?.status;
  // Without a status, an error of a request that never executed is a validation refusal.
  const code = status
    ? (CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'))
    : executed
      ? undefined
      : 'GRAPHQL_VALIDATION_FAILED';
  if (!code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    positions: error.positions,
    source: error.source,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

export function useClientErrors(production: boolean): GatewayPlugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      const plain = result as ExecutionResult;
      if (!plain.errors?.length) return;
      const requestId = requestIdOf(request);
      const coded = plain.errors.map((error) => withCode(error, 'data' in plain));
      setResult({ ...plain, errors: production ? coded.map((error) => publicError(error, requestId)) : coded });
    },
  };
}
