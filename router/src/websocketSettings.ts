// Bounds on GraphQL over WebSocket (src/websocketGate.ts), from ROUTER_* environment variables
// like the rest of src/settings.ts. Connection counts are per router process: behind several
// replicas a client may hold this many connections on each.
import { integer } from './settings.ts';

export interface WebSocketSettings {
  maxMessageBytes: number; // one graphql-ws message; a bigger one closes the socket (1009)
  maxSubscriptionsPerConnection: number; // running operations on one socket
  maxConnectionsPerClient: number; // acknowledged sockets per client (token subject or address)
  connectionInitTimeoutMs: number; // a socket that sends no connection_init is closed (4408)
}

export function loadWebSocketSettings(): WebSocketSettings {
  return {
    maxMessageBytes: integer('MAX_WS_MESSAGE_BYTES', 65_536),
    maxSubscriptionsPerConnection: integer('MAX_WS_SUBSCRIPTIONS_PER_CONNECTION', 20),
    maxConnectionsPerClient: integer('MAX_WS_CONNECTIONS_PER_CLIENT', 10),
    connectionInitTimeoutMs: integer('WS_CONNECTION_INIT_TIMEOUT_MS', 3_000),
  };
}
