// What the router does when a subgraph call fails at the transport level, rather than with the
// subgraph's own GraphQL errors.
//
// Retries: only when the subgraph provably never saw the operation, i.e. no connection was
// made (refused, no route, unknown host). Never after a timeout, a reset connection or a 5xx:
// the subgraph may have run it, and running a mutation twice applies it twice, while running
// an expensive query again (a 6-minute PDF render was retried twice) multiplies the load
// exactly when the subgraph is struggling. Queries and mutations are treated alike.
//
// Errors: "Unexpected error." told clients nothing. A subgraph that cannot be reached becomes
// SUBGRAPH_UNAVAILABLE and a timeout GATEWAY_TIMEOUT, each naming the service in
// `extensions.service` and nothing else (no URL, no subgraph query, no variables); the rest of
// the response keeps the data the other subgraphs returned.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import { withSubgraphRefusals } from './subgraphSubscriptions.ts';

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// The gateway's own `upstreamRetry` retries whatever throws, timeouts included, whatever its
// shouldRetry says: it is not used, and this plugin retries instead.
const RETRIES = 2;
const RETRY_DELAY_MS = 200;

function transportErrorCode(error: unknown): string | undefined {
  // executor-http wraps fetch failures: a GraphQLError with code SUBREQUEST_HTTP_ERROR whose
  // originalError (or its cause) carries Node's error code.
  const original = (error as { originalError?: { code?: unknown; cause?: { code?: unknown } } }).originalError;
  const code = original?.code ?? original?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTransportError(error: unknown): boolean {
  return (error as GraphQLError | undefined)?.extensions?.code === 'SUBREQUEST_HTTP_ERROR';
}

/** The result failed before any connection to the subgraph was made. */
export function neverReachedSubgraph(result: { errors?: readonly unknown[] } | undefined): boolean {
  const errors = result?.errors ?? [];
  return (
    errors.length > 0 &&
    errors.every((error) => isTransportError(error) && NEVER_CONNECTED.has(transportErrorCode(error) ?? ''))
  );
}

function isStream<Result>(result: Result | AsyncIterable<Result>): result is AsyncIterable<Result> {
  return Symbol.asyncIterator in Object(result);
}

function describe(error: unknown, service: string): GraphQLError | undefined {
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  if (code === 'GATEWAY_TIMEOUT') {
    return new GraphQLError(`The ${service} service did not answer in time.`, {
      extensions: { code: 'GATEWAY_TIMEOUT', service, http: { status: 504 } },
    });
  }
  // A network failure carries Node's error code; anything else (say, the router failing to
  // serialize the subgraph request) is the router's own fault and stays masked.
  if (isTransportError(error) && transportErrorCode(error)) {
    return new GraphQLError(`The ${service} service is unavailable.`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', service },
    });
  }
  return undefined;
}

function described<Result extends { errors?: readonly GraphQLError[] }>(result: Result, service: string): Result {
  if (!result?.errors?.length) return result;
  const errors = result.errors.map((error) => describe(error, service) ?? error);
  return { ...result, errors };
}

export function useSubgraphFailures(): GatewayPlugin {
  return {
    onSubgraphExecute({ subgraphName, executor, setExecutor }) {
      setExecutor(async (request) => {
        try {
          let result = await executor(request);
          for (let attempt = 1; attempt <= RETRIES && !isStream(result) && neverReachedSubgraph(result); attempt++) {
            await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
            result = await executor(request);
          }
          // Subscriptions stream: their events pass through as they are, a refusal as errors.
          return isStream(result) ? withSubgraphRefusals(result, subgraphName) : described(result, subgraphName);
        } catch (error) {
          throw describe(error, subgraphName) ?? error;
        }
      });
    },
  };
}
