// The client gate for GraphQL over WebSocket (graphql-ws, the transport of subscriptions), which
// never passes through the HTTP gate (src/clientGate.ts): the same verifier and request budget,
// applied at the upgrade (Authorization header), at connection_init (payload.authorization) and
// at every subscribe message, plus caps on connections per client and operations per socket.
// graphql-ws close codes: 4403 a refused token, 4429 over a cap, 1013 signing keys unavailable.
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { RequestLimiter, Verdict } from './rateLimit.ts';
import type { RouterSettings } from './settings.ts';
import { AuthenticationError, bearerToken, type Identity, type TokenVerifier } from './tokens.ts';
import { GatewayOperations, type Yoga } from './websocketOperations.ts';
import type { WebSocketSettings } from './websocketSettings.ts';

export const FORBIDDEN = 4403;
export const TOO_MANY = 4429;
const TRY_AGAIN_LATER = 1013;
// Live sockets re-verify their token this often (and at its expiry): a token that expired or
// stopped verifying closes the socket instead of feeding its subscriptions forever.
const RECHECK_MS = 60_000;

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** One socket's client, from its upgrade request and then its connection_init. */
export interface SocketClient {
  key: string; // "sub:<user id>" or "ip:<address>", as in src/clientGate.ts
  ip: string;
  token: string | undefined;
  identity: Identity | undefined;
  upgrade: IncomingMessage;
  counted: boolean;
  recheck?: NodeJS.Timeout;
}

export interface SocketExtra {
  socket: WebSocket;
  client: SocketClient;
}

type SocketContext = Context<Record<string, unknown> | undefined, SocketExtra>;

function failure(error: unknown): AuthenticationError {
  return error instanceof AuthenticationError ? error : new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
}

function addressOf(upgrade: IncomingMessage, settings: RouterSettings): string {
  // The same rule as src/clientGate.ts: the right-most X-Forwarded-For entry, if trusted.
  const forwarded = settings.trustForwardedFor ? upgrade.headers['x-forwarded-for'] : undefined;
  const last = typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
  return last || upgrade.socket.remoteAddress || 'unknown';
}

export class WebSocketGate {
  private readonly connections = new Map<string, number>();

  constructor(
    private readonly settings: RouterSettings,
    private readonly limits: WebSocketSettings,
    private readonly verify: TokenVerifier,
    private readonly limiter: RequestLimiter,
    private readonly log: Logger,
  ) {}

  /** At the upgrade: a token in the Authorization header is verified, and the upgrade is one
   * request of the client's budget. A refusal is answered over HTTP, before any socket exists. */
  async admit(upgrade: IncomingMessage): Promise<SocketClient | Refusal> {
    const ip = addressOf(upgrade, this.settings);
    let token: string | undefined;
    let identity: Identity | undefined;
    try {
      token = bearerToken(upgrade.headers.authorization ?? null);
      if (token) identity = await this.verify(token);
    } catch (error) {
      const { code, message } = failure(error);
      if (code === 'KEYS_UNAVAILABLE') return { status: 503, code, message, headers: { 'Retry-After': '5' } };
      return { status: 401, code, message, headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${code}"` } };
    }
    const key = identity ? `sub:${identity.subject}` : `ip:${ip}`;
    const verdict = await this.budget(key);
    if (verdict && !verdict.allowed) {
      return { status: 429, code: 'RATE_LIMITED', message: 'Too many requests; retry later.', headers: { 'Retry-After': String(verdict.resetSeconds) } };
    }
    return { key, ip, token, identity, upgrade, counted: false };
  }

  /** graphql-ws server options running every operation through the gateway (`yoga`). */
  options(yoga: Yoga, production: boolean): ServerOptions<Record<string, unknown> | undefined, SocketExtra> {
    const operations = new GatewayOperations(yoga, this.log, production);
    return {
      connectionInitWaitTimeout: this.limits.connectionInitTimeoutMs,
      onConnect: (ctx) => this.connect(ctx),
      onSubscribe: async (ctx, _id, payload) => (await this.allow(ctx)) ?? operations.start(ctx.extra.client, payload as SubscribePayload),
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
        if (typeof authorization !== 'string') throw new AuthenticationError('MALFORMED_TOKEN', 'Expected a Bearer token');
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
    if (open >= this.limits.maxConnectionsPerClient) return this.close(ctx, TOO_MANY, 'Too many connections', 'too_many_connections');
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
        await this.refuseToken(ctx, error);
        return [new GraphQLError('Forbidden.', { extensions: { code: failure(error).code } })];
      }
    }
    if (Object.keys(ctx.subscriptions).length > this.limits.maxSubscriptionsPerConnection) {
      this.close(ctx, TOO_MANY, 'Too many subscriptions', 'too_many_subscriptions');
      return [new GraphQLError('Too many operations on this connection.', { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
    }
    const verdict = await this.budget(client.key);
    if (verdict && !verdict.allowed) {
      return [new GraphQLError('Too many requests; retry later.', { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: verdict.resetSeconds } })];
    }
    return undefined;
  }

  private refuseToken(ctx: SocketContext, error: unknown): false {
    const { code } = failure(error);
    if (code === 'KEYS_UNAVAILABLE') return this.close(ctx, TRY_AGAIN_LATER, 'Signing keys are unavailable', 'keys_unavailable');
    return this.close(ctx, FORBIDDEN, `Forbidden: ${code}`, 'token_refused', code);
  }

  private close(ctx: SocketContext, closeCode: number, reason: string, event: string, detail?: string): false {
    this.log.info({ event: 'websocket_closed', reason: event, detail, closeCode, client: ctx.extra.client.key }, 'WebSocket closed by the router');
    ctx.extra.socket.close(closeCode, reason);
    return false;
  }

  private scheduleRecheck(ctx: SocketContext): void {
    const { client } = ctx.extra;
    const untilExpiry = (client.identity?.expiresAt ?? 0) * 1000 - Date.now();
    client.recheck = setTimeout(() => {
      if (!client.token) return;
      this.verify(client.token).then(
        () => this.scheduleRecheck(ctx),
        (error) => this.refuseToken(ctx, error),
      );
    }, Math.max(1_000, Math.min(untilExpiry, RECHECK_MS)));
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

  private async budget(key: string): Promise<Verdict | undefined> {
    try {
      return await this.limiter.hit(key);
    } catch (error) {
      // Fail open, like the HTTP gate: an unreachable Redis must not take the whole API down.
      this.log.error({ event: 'rate_limiter_unavailable', error: String(error) }, 'Rate limiter unavailable');
      return undefined;
    }
  }
}
