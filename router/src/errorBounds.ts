// Every error a client gets from the router carries a code and a message of bounded length.
// graphql-js quotes an invalid variable whole ('Variable "$input" got invalid value { name:
// "<100 kB>" }'), and its validation and parse errors have no code at all: a hostile value must
// not come back at length, and clients branch on codes, not on message text.
import type { GatewayPlugin } from '@graphql-hive/gateway';

// Enough for any message of ours; the subgraphs cut theirs at the same length.
const MAX_MESSAGE_LENGTH = 300;

interface MutableError {
  message: string;
  extensions?: Record<string, unknown>;
}

function shorten(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  return `${message.slice(0, MAX_MESSAGE_LENGTH - 30)}... (${message.length} characters)`;
}

// Apollo's conventional codes for graphql-js's own errors; the rest are coded by
// src/clientErrors.ts, which runs next and knows whether the operation executed.
function codeFor(message: string): string | undefined {
  if (message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  return undefined;
}

function bound(error: MutableError): void {
  const message = String(error.message ?? '');
  if (message.length > MAX_MESSAGE_LENGTH) {
    // GraphQLError's message and extensions are plain properties: set in place, so the error
    // keeps its class (the response status is derived from it).
    Object.defineProperty(error, 'message', {
      value: shorten(message),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  const code = codeFor(message);
  if (code && !error.extensions?.code) {
    error.extensions = { ...error.extensions, code };
  }
}

export function useBoundedErrors(): GatewayPlugin {
  return {
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const single of results) {
        const errors = (single as { errors?: readonly MutableError[] } | null)?.errors;
        errors?.forEach(bound);
      }
    },
  };
}
