// Runs a graphql-ws `subscribe` message through the gateway's own pipeline (parsing, validation,
// depth/cost limits, the variables' bounds of src/requestGuard.ts, persisted documents, query
// planning), as the gateway CLI's WebSocket server does, with two differences: a request that
// fails before execution (invalid document, unknown field, variables too deep) is answered
// with a graphql-ws `error` message carrying each error's code, an error thrown by a plugin
// becomes such a message too instead of closing the socket with 4500, and errors are presented
// as over HTTP (codes; production detail masked).
import type { Logger } from '@graphql-hive/gateway';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  Kind,
  OperationTypeNode,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { publicError, withCode } from './clientErrors.ts';
import { bounded } from './logging.ts';
import type { SocketClient } from './websocketAdmission.ts';

export interface Yoga {
  getResultForParams(
    payload: { params: SubscribePayload; request: Request },
    context: Record<string, unknown>,
  ): unknown;
  fetchAPI: { Request: typeof Request };
}

// graphql-ws picks `subscribe` or `execute` from the document's operation type; the gateway
// parses the real document itself, and `take` serves a single result as well as a stream.
const ANY_OPERATION: DocumentNode = {
  kind: Kind.DOCUMENT,
  definitions: [
    {
      kind: Kind.OPERATION_DEFINITION,
      operation: OperationTypeNode.SUBSCRIPTION,
      selectionSet: { kind: Kind.SELECTION_SET, selections: [] },
    },
  ],
};
// Connection-level headers a subgraph must not see; authorization is the verified token's.
const NOT_FORWARDED = new Set([
  'authorization',
  'x-request-id',
  'connection',
  'upgrade',
  'content-length',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);

// An error as a result carries it: a GraphQLError, or its JSON form from a subgraph.
interface ErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

interface ResultLike {
  data?: unknown;
  errors?: readonly ErrorLike[];
}

function isStream(result: unknown): boolean {
  return typeof (result as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

function withoutHttp(error: GraphQLError): GraphQLError {
  if (!error.extensions.http) return error;
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}

export class GatewayOperations {
  private readonly results = new WeakMap<object, unknown>();

  constructor(
    private readonly yoga: Yoga,
    private readonly log: Logger,
    private readonly production: boolean,
  ) {}

  /** Errors as the HTTP path presents them (src/clientErrors.ts): each with a code, and in
   * production nothing but the code, the service and the request id. */
  present(errors: readonly ErrorLike[], request: Request, executed: boolean): GraphQLError[] {
    const requestId = request.headers.get('x-request-id') ?? undefined;
    return errors.map((error) => {
      const graphqlError =
        error instanceof GraphQLError ? error : new GraphQLError(error.message, { extensions: error.extensions });
      const coded = withCode(graphqlError, executed);
      return withoutHttp(this.production ? publicError(coded, requestId) : coded);
    });
  }

  /** graphql-ws `onNext`: the errors of every streamed or single result, presented. */
  presentResult(args: ExecutionArgs, result: ExecutionResult): FormattedExecutionResult | undefined {
    const request = (args.contextValue as { request?: Request } | undefined)?.request;
    if (!result.errors?.length || !request) return undefined;
    return { ...result, errors: this.present(result.errors, request, true).map((error) => error.toJSON()) };
  }

  /** The operation's result, kept for `take`, or the errors that end it before it started. */
  async start(client: SocketClient, params: SubscribePayload): Promise<ExecutionArgs | GraphQLError[]> {
    const request = this.requestOf(client);
    const contextValue: Record<string, unknown> = {
      request,
      req: client.upgrade,
      params,
      // Built here, not from connection_init: a client's payload keys must not become headers.
      headers: Object.fromEntries(request.headers),
      clientKey: client.key, // the per-field limits' identifier (gateway.config.ts)
      waitUntil: (promise: Promise<unknown>) => void promise.catch((error) => this.failed(error)),
    };
    let result: unknown;
    try {
      result = await this.yoga.getResultForParams({ params, request }, contextValue);
    } catch (error) {
      // A plugin's refusal (e.g. VARIABLES_TOO_DEEP from src/requestGuard.ts) is the client's.
      if (error instanceof GraphQLError && error.extensions.code) return this.present([error], request, false);
      this.failed(error);
      return this.present(
        [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })],
        request,
        false,
      );
    }
    // A result without data failed before execution (parse, validation): an `error` message.
    const { data, errors } = (isStream(result) ? {} : result) as ResultLike;
    if (data === undefined && errors?.length) return this.present(errors, request, false);
    this.results.set(contextValue, result);
    return { schema: undefined as never, document: ANY_OPERATION, contextValue };
  }

  take(args: ExecutionArgs): never {
    const result = this.results.get(args.contextValue as object);
    this.results.delete(args.contextValue as object);
    return result as never;
  }

  /** The request the gateway sees for one operation: the upgrade's headers, the verified token
   * (whichever way it came) as Authorization for the subgraphs, and a request id of its own. */
  private requestOf(client: SocketClient): Request {
    const headers = new Headers();
    for (const [name, value] of Object.entries(client.upgrade.headers)) {
      if (typeof value === 'string' && !NOT_FORWARDED.has(name)) headers.set(name, value);
    }
    if (client.token) headers.set('authorization', `Bearer ${client.token}`);
    headers.set('x-request-id', crypto.randomUUID());
    const request = new this.yoga.fetchAPI.Request('http://router/graphql', { headers });
    clientsByRequest.set(request, client);
    return request;
  }

  private failed(error: unknown): void {
    this.log.error({ event: 'websocket_operation_failed', error: bounded(error) }, 'A WebSocket operation failed');
  }
}

const clientsByRequest = new WeakMap<Request, SocketClient>();

/** The WebSocket client an operation's request belongs to (for headers to the subgraphs). */
export function websocketClientOf(request: Request): SocketClient | undefined {
  return clientsByRequest.get(request);
}
