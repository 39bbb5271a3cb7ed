// The first thing every GraphQL request meets: who is the client (a verified token's subject,
// else its IP address), and is it within its request budget. A token that fails verification
// is refused here with 401 and a reason code, so a forged token never earns a bucket of its own.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { AuthenticationError, bearerToken, type Identity, type TokenVerifier } from './tokens.ts';
import type { RequestLimiter, Verdict } from './rateLimit.ts';
import { RedisSkipped } from './redisBreaker.ts';
import type { RouterSettings } from './settings.ts';

export interface Client {
  key: string; // "sub:<user id>" or "ip:<address>"
  ip: string;
  identity: Identity | undefined;
  verdict: Verdict | undefined;
}

const clients = new WeakMap<Request, Client>();

export function clientOf(request: Request): Client | undefined {
  return clients.get(request);
}

function clientIp(request: Request, serverContext: unknown, settings: RouterSettings): string {
  if (settings.trustForwardedFor) {
    const forwarded = request.headers.get('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket;
  return socket?.remoteAddress ?? 'unknown';
}

function graphqlError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function rateLimitHeaders(verdict: Verdict, windowSeconds: number): Record<string, string> {
  // IETF draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-07).
  return {
    'RateLimit-Policy': `${verdict.limit};w=${windowSeconds}`,
    'RateLimit-Limit': String(verdict.limit),
    'RateLimit-Remaining': String(verdict.remaining),
    'RateLimit-Reset': String(verdict.resetSeconds),
  };
}

async function budget(limiter: RequestLimiter, key: string): Promise<Verdict | undefined> {
  try {
    return await limiter.hit(key);
  } catch (error) {
    // Fail open: an unreachable Redis must not take the whole API down. Logged once per
    // failure, not for every request skipping Redis while its circuit is open.
    if (!(error instanceof RedisSkipped)) {
      console.error(
        JSON.stringify({ level: 'error', event: 'rate_limiter_unavailable', error: String(error).slice(0, 300) }),
      );
    }
    return undefined;
  }
}

export function useClientGate(settings: RouterSettings, verify: TokenVerifier, limiter: RequestLimiter): GatewayPlugin {
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== '/graphql') return;
      let identity: Identity | undefined;
      try {
        const token = bearerToken(request.headers.get('authorization'));
        if (token) identity = await verify(token);
      } catch (error) {
        const failure =
          error instanceof AuthenticationError ? error : new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
        if (failure.code === 'KEYS_UNAVAILABLE') {
          // Our fault, not the token's: the client should retry, not throw its token away.
          endResponse(graphqlError(503, failure.code, failure.message, { 'Retry-After': '5' }));
          return;
        }
        endResponse(
          graphqlError(401, failure.code, failure.message, {
            'WWW-Authenticate': `Bearer error="invalid_token", error_description="${failure.code}"`,
          }),
        );
        return;
      }
      const ip = clientIp(request, serverContext, settings);
      const key = identity ? `sub:${identity.subject}` : `ip:${ip}`;
      const verdict = await budget(limiter, key);
      clients.set(request, { key, ip, identity, verdict });
      if (verdict && !verdict.allowed) {
        endResponse(
          graphqlError(429, 'RATE_LIMITED', 'Too many requests; retry later.', {
            'Retry-After': String(verdict.resetSeconds),
            ...rateLimitHeaders(verdict, settings.rateLimitWindowSeconds),
          }),
        );
      }
    },
    onContextBuilding({ context, extendContext }) {
      // The identifier of the per-field limits (rateLimiting rules in gateway.config.ts).
      const client = clientOf((context as { request: Request }).request);
      if (client) extendContext({ clientKey: client.key } as never);
    },
    async onDispose() {
      // An open Redis connection would keep the process alive after SIGTERM.
      await Promise.all([limiter.close(), verify.close?.()]);
    },
    onResponse({ request, response }) {
      const verdict = clients.get(request)?.verdict;
      if (!verdict) return;
      for (const [name, value] of Object.entries(rateLimitHeaders(verdict, settings.rateLimitWindowSeconds))) {
        response.headers.set(name, value);
      }
    },
  };
}
