// GraphQL over WebSocket at exactly /graphql, served by the router rather than by the gateway
// CLI's own WebSocket server (`disableWebsockets` in gateway.config.ts): that one accepts any
// connection_init, has no hook for a token check or a budget, and accepts 100 MiB messages.
// The CLI does not hand its HTTP server to the config, so the upgrade handler is attached when
// the server accepts its first connection (Node's `net.server.socket` diagnostics channel,
// published before any byte of that connection is parsed); until then no upgrade can arrive.
import dc from 'node:diagnostics_channel';
import { type IncomingMessage, Server as HttpServer, STATUS_CODES } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { GatewayPlugin, Logger } from '@graphql-hive/gateway';
import { handleProtocols, makeServer, type Server as GraphQLWebSocketProtocol } from 'graphql-ws';
import { type RawData, WebSocketServer, type WebSocket } from 'ws';
import { truncate } from './logging.ts';
import { GRAPHQL_PATH } from './routes.ts';
import type { Refusal, SocketClient, UpgradeAdmission } from './websocketAdmission.ts';
import type { SocketExtra, WebSocketGate } from './websocketGate.ts';
import type { Yoga } from './websocketOperations.ts';
import type { WebSocketSettings } from './websocketSettings.ts';

const KEEP_ALIVE_MS = 12_000; // a ping this often; no pong by the next one ends the socket
const BAD_REQUEST = 4400;
const INTERNAL_ERROR = 4500;

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '', 'http://router').pathname;
  } catch {
    return undefined;
  }
}

/** A message's text. ws hands over a Buffer (binaryType 'nodebuffer', its default); its other
 * shapes (fragments, an ArrayBuffer) are decoded alike. */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}

function refuse(socket: Duplex, { status, code, message, headers = {} }: Refusal): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

export function useGraphQLOverWebSocket(
  admission: UpgradeAdmission,
  gate: WebSocketGate,
  limits: WebSocketSettings,
  log: Logger,
  production: boolean,
): GatewayPlugin {
  // No per-message compression: a small compressed frame must not become a large message.
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
    handleProtocols,
  });
  const attached = new WeakSet<object>();
  let protocol: GraphQLWebSocketProtocol<SocketExtra> | undefined;

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (pathOf(request.url) !== GRAPHQL_PATH || !protocol) {
      refuse(socket, { status: 404, code: 'NOT_FOUND', message: 'Not found.' });
      return;
    }
    const admitted = await admission.admit(request);
    if ('status' in admitted) {
      log.info(
        { event: 'websocket_refused', status: admitted.status, reason: admitted.code },
        'WebSocket upgrade refused',
      );
      refuse(socket, admitted);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (websocket) => open(websocket, admitted));
  }

  function open(websocket: WebSocket, client: SocketClient): void {
    const closed = protocol!.opened(
      {
        protocol: websocket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (websocket.readyState !== websocket.OPEN) return resolve();
            websocket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => websocket.close(code, reason),
        onMessage: (handle) =>
          websocket.on('message', (data, isBinary) => {
            // graphql-ws is a text protocol; what is not JSON closes the socket with 4400.
            if (isBinary) return websocket.close(BAD_REQUEST, 'Binary messages are not accepted');
            handle(textOf(data)).catch((error: unknown) => {
              log.error(
                { event: 'websocket_message_failed', error: truncate(String(error)) },
                'A WebSocket message failed',
              );
              websocket.close(INTERNAL_ERROR, 'Internal server error');
            });
          }),
      },
      { socket: websocket, client },
    );
    // Protocol errors (a message over the size cap: 1009, invalid UTF-8: 1007) close the socket
    // in `ws` itself; logged here by their code, never with the message.
    websocket.on('error', (error: Error & { code?: string }) => {
      log.info(
        { event: 'websocket_closed', reason: error.code ?? 'error', client: client.key },
        truncate(error.message, 200),
      );
    });
    let awaitingPong = false;
    const keepAlive = setInterval(() => {
      if (awaitingPong) return websocket.terminate();
      awaitingPong = true;
      websocket.ping();
    }, KEEP_ALIVE_MS);
    websocket.on('pong', () => (awaitingPong = false));
    websocket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      void closed(code, reason.toString());
    });
  }

  function attach({ socket }: { socket: Socket & { server?: unknown } }): void {
    const server = socket.server;
    if (!(server instanceof HttpServer || server instanceof HttpsServer) || attached.has(server)) return;
    attached.add(server);
    server.on('upgrade', (request: IncomingMessage, upgraded: Duplex, head: Buffer) => {
      upgrade(request, upgraded, head).catch((error: unknown) => {
        log.error({ event: 'websocket_upgrade_failed', error: truncate(String(error)) }, 'A WebSocket upgrade failed');
        refuse(upgraded, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' });
      });
    });
  }

  return {
    onYogaInit({ yoga }) {
      protocol = makeServer(gate.options(yoga as unknown as Yoga, production));
      dc.subscribe('net.server.socket', attach as (message: unknown) => void);
    },
    onDispose() {
      dc.unsubscribe('net.server.socket', attach as (message: unknown) => void);
      for (const websocket of sockets.clients) websocket.close(1001, 'Going away');
      return new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}
