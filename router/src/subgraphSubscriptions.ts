// Subscriptions forwarded to subgraphs over graphql-ws (transportEntries in gateway.config.ts).
//
// They get no upstream timeout: the gateway aborts a stream when it fires, so every
// subscription ended after ROUTER_UPSTREAM_TIMEOUT_MS.
//
// A subgraph refuses a subscription before it starts (no token, a missing scope, an invalid
// document) with a graphql-ws `error` message. The WebSocket executor throws that message's
// errors, an array, from the stream, and the gateway masked the throw as "Unexpected error.":
// here they become the stream's last result, with the subgraph's own codes. A connection lost
// mid-stream came out as the socket's raw error, the subgraph's address in its message.
import type { DocumentNode, ExecutionResult } from 'graphql';
import { GraphQLError, getOperationAST } from 'graphql';

/** A subgraph request that opens a subscription (a stream with no end in sight). */
export function isSubscription(
  request: { document: DocumentNode; operationName?: string; operationType?: string } | undefined,
): boolean {
  if (!request) return false;
  const type = request.operationType ?? getOperationAST(request.document, request.operationName)?.operation;
  return type === 'subscription';
}

interface FormattedError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A result with errors and no data: one of any subscription's results. */
type ErrorsOnly = ExecutionResult<never, never>;

function isErrorList(thrown: unknown): thrown is FormattedError[] {
  return (
    Array.isArray(thrown) &&
    thrown.length > 0 &&
    thrown.every((error) => typeof (error as FormattedError | null)?.message === 'string')
  );
}

/** The subgraph's stream, with a refusal (`error` message) turned into a final result, and a
 * lost connection (the subgraph stopped or restarted: the executor throws the socket's error
 * or close event, whose text names the subgraph's address) into SUBGRAPH_UNAVAILABLE; the
 * client subscribes again. */
export async function* withSubgraphRefusals<Result>(
  stream: AsyncIterable<Result>,
  service: string,
): AsyncGenerator<Result | ErrorsOnly> {
  try {
    yield* stream;
  } catch (thrown) {
    if (isErrorList(thrown)) {
      yield {
        errors: thrown.map(
          (error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }),
        ),
      };
      return;
    }
    const message = `The ${service} service ended the subscription; subscribe again.`;
    yield { errors: [new GraphQLError(message, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', service } })] };
  }
}
