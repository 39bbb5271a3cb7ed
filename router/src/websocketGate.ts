// The client gate for GraphQL over WebSocket (graphql-ws, the transport of subscriptions), which
// never passes through the HTTP gate (src/clientGate.ts): after the upgrade's checks
// (src/websocketAdmission.ts), the same verifier and request budget at connection_init
// (payload.authorization) and at every subscribe message, plus caps on connections per client
// and operations per socket.
// graphql-ws close codes: 4403 a refused token, 4429 over a cap, 1013 signing keys unavailable.
import type { Logger } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { RequestLimiter } from './rateLimit.ts';
import { AuthenticationError, bearerToken, type TokenVerifier } from './tokens.ts';
import { authenticationFailure as failure, type SocketClient, spendBudget } from './websocketAdmission.ts';
import { GatewayOperations, type Yoga } from './websocketOperations.ts';
import type { WebSocketSettings } from './websocketSettings.ts';

const FORBIDDEN = 4403;
const TOO_MANY = 4429;
const TRY_AGAIN_LATER = 1013;
// Live sockets re-verify their token this often (and at its expiry): a token that expired or
// stopped verifying closes the socket instead of feeding its subscriptions forever.
const RECHECK_MS = 60_000;

export interface SocketExtra {
  socket: WebSocket;
  client: SocketClient;
}

type SocketContext = Context<Record<string, unknown> | undefined, SocketExtra>;

/** The state of every socket: connections per client, and each token kept under watch. */
export class WebSocketGate {
  private readonly connections = new Map<string, number>();

  constructor(
    private readonly limits: WebSocketSettings,
    private readonly verify: TokenVerifier,
    private readonly limiter: RequestLimiter,
    private readonly log: Logger,
  ) {}

  /** graphql-ws server options running every operation through the gateway (`yoga`). */
  options(yoga: Yoga, production: boolean): ServerOptions<Record<string, unknown> | undefined, SocketExtra> {
    const operations = new GatewayOperations(yoga, this.log, production);
    return {
      connectionInitWaitTimeout: this.limits.connectionInitTimeoutMs,
      onConnect: (ctx) => this.connect(ctx),
      onSubscribe: async (ctx, _id, payload) => (await this.allow(ctx)) ?? operations.start(ctx.extra.client, payload),
      subscribe: (args) => operations.take(args),
      execute: (args) => operations.take(args),
      onNext: (_ctx, _id, _payload, args, result) => operations.presentResult(args, result),
      onClose: (ctx) => this.release(ctx.extra.client),
    };
  }

  private async connect(ctx: SocketContext): Promise<boolean> {
    const { client } = ctx.extra;
    const params = ctx.connectionParams ?? {};
    const authorization = params.authorization ?? params.Authorization;
    try {
      if (authorization !== undefined) {
        if (typeof authorization !== 'string')
          throw new AuthenticationError('MALFORMED_TOKEN', 'Expected a Bearer token');
        const token = bearerToken(authorization);
        if (client.token && token !== client.token) {
          throw new AuthenticationError('CONFLICTING_TOKENS', 'The upgrade and connection_init carry different tokens');
        }
        if (token) client.identity = await this.verify(token);
        client.token = token;
        if (client.identity) client.key = `sub:${client.identity.subject}`;
      }
    } catch (error) {
      return this.refuseToken(ctx, error);
    }
    const open = this.connections.get(client.key) ?? 0;
    if (open >= this.limits.maxConnectionsPerClient)
      return this.close(ctx, TOO_MANY, 'Too many connections', 'too_many_connections');
    this.connections.set(client.key, open + 1);
    client.counted = true;
    if (client.token) this.scheduleRecheck(ctx);
    return true;
  }

  /** Per subscribe message: the token still verifies, the socket is within its operation cap
   * and the client within its budget; else GraphQL errors (an `error` message) or a close. */
  private async allow(ctx: SocketContext): Promise<GraphQLError[] | undefined> {
    const { client } = ctx.extra;
    if (client.token) {
      try {
        await this.verify(client.token);
      } catch (error) {
        this.refuseToken(ctx, error);
        return [new GraphQLError('Forbidden.', { extensions: { code: failure(error).code } })];
      }
    }
    if (Object.keys(ctx.subscriptions).length > this.limits.maxSubscriptionsPerConnection) {
      this.close(ctx, TOO_MANY, 'Too many subscriptions', 'too_many_subscriptions');
      return [
        new GraphQLError('Too many operations on this connection.', { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }),
      ];
    }
    const verdict = await spendBudget(this.limiter, client.key, this.log);
    if (verdict && !verdict.allowed) {
      return [
        new GraphQLError('Too many requests; retry later.', {
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: verdict.resetSeconds },
        }),
      ];
    }
    return undefined;
  }

  private refuseToken(ctx: SocketContext, error: unknown): false {
    const { code } = failure(error);
    if (code === 'KEYS_UNAVAILABLE')
      return this.close(ctx, TRY_AGAIN_LATER, 'Signing keys are unavailable', 'keys_unavailable');
    return this.close(ctx, FORBIDDEN, `Forbidden: ${code}`, 'token_refused', code);
  }

  private close(ctx: SocketContext, closeCode: number, reason: string, event: string, detail?: string): false {
    this.log.info(
      { event: 'websocket_closed', reason: event, detail, closeCode, client: ctx.extra.client.key },
      'WebSocket closed by the router',
    );
    ctx.extra.socket.close(closeCode, reason);
    return false;
  }

  private scheduleRecheck(ctx: SocketContext): void {
    const { client, socket } = ctx.extra;
    if (socket.readyState !== socket.OPEN) return; // closed meanwhile: nothing left to watch
    const untilExpiry = (client.identity?.expiresAt ?? 0) * 1000 - Date.now();
    client.recheck = setTimeout(
      () => {
        if (!client.token) return;
        this.verify(client.token).then(
          () => this.scheduleRecheck(ctx),
          (error) => this.refuseToken(ctx, error),
        );
      },
      Math.max(1_000, Math.min(untilExpiry, RECHECK_MS)),
    );
    client.recheck.unref();
  }

  private release(client: SocketClient): void {
    clearTimeout(client.recheck);
    if (!client.counted) return;
    client.counted = false;
    const open = (this.connections.get(client.key) ?? 1) - 1;
    if (open > 0) this.connections.set(client.key, open);
    else this.connections.delete(client.key);
  }
}
