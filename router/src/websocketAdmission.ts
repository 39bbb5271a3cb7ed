// Who may open a GraphQL WebSocket at all, decided on the upgrade request and answered over
// HTTP before any socket exists: a browser's upgrade only from a known origin (403), a token
// in the Authorization header verified like an HTTP request's (401, 503 without signing keys),
// and the upgrade is one request of the client's budget (429).
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@graphql-hive/gateway';
import type { RequestLimiter, Verdict } from './rateLimit.ts';
import type { RouterSettings } from './settings.ts';
import { AuthenticationError, bearerToken, type Identity, type TokenVerifier } from './tokens.ts';

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
  counted: boolean; // against the connections-per-client cap
  recheck?: NodeJS.Timeout;
}

export function authenticationFailure(error: unknown): AuthenticationError {
  return error instanceof AuthenticationError ? error : new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
}

/** One request of `key`'s budget; undefined when the limiter cannot say. */
export async function spendBudget(limiter: RequestLimiter, key: string, log: Logger): Promise<Verdict | undefined> {
  try {
    return await limiter.hit(key);
  } catch (error) {
    // Fail open, like the HTTP gate: an unreachable Redis must not take the whole API down.
    log.error({ event: 'rate_limiter_unavailable', error: String(error) }, 'Rate limiter unavailable');
    return undefined;
  }
}

function addressOf(upgrade: IncomingMessage, settings: RouterSettings): string {
  // The same rule as src/clientGate.ts: the right-most X-Forwarded-For entry, if trusted.
  const forwarded = settings.trustForwardedFor ? upgrade.headers['x-forwarded-for'] : undefined;
  const last = typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
  return last || upgrade.socket.remoteAddress || 'unknown';
}

/** Browsers send any site's cookies and no CORS preflight with a WebSocket upgrade, so a page
 * elsewhere could open one as its visitor (cross-site WebSocket hijacking): a browser's upgrade
 * must come from a configured origin (ROUTER_CORS_ORIGINS) or the router's own. */
function originAllowed(upgrade: IncomingMessage, settings: RouterSettings): boolean {
  const origin = upgrade.headers.origin;
  if (origin === undefined) return true; // not a browser
  if (settings.corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === upgrade.headers.host;
  } catch {
    return false;
  }
}

export class UpgradeAdmission {
  constructor(
    private readonly settings: RouterSettings,
    private readonly verify: TokenVerifier,
    private readonly limiter: RequestLimiter,
    private readonly log: Logger,
  ) {}

  async admit(upgrade: IncomingMessage): Promise<SocketClient | Refusal> {
    if (!originAllowed(upgrade, this.settings))
      return { status: 403, code: 'FORBIDDEN_ORIGIN', message: 'This origin may not open a WebSocket here.' };
    let token: string | undefined;
    let identity: Identity | undefined;
    try {
      token = bearerToken(upgrade.headers.authorization ?? null);
      if (token) identity = await this.verify(token);
    } catch (error) {
      const { code, message } = authenticationFailure(error);
      if (code === 'KEYS_UNAVAILABLE') return { status: 503, code, message, headers: { 'Retry-After': '5' } };
      return {
        status: 401,
        code,
        message,
        headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${code}"` },
      };
    }
    const ip = addressOf(upgrade, this.settings);
    const key = identity ? `sub:${identity.subject}` : `ip:${ip}`;
    const verdict = await spendBudget(this.limiter, key, this.log);
    if (verdict && !verdict.allowed) {
      return {
        status: 429,
        code: 'RATE_LIMITED',
        message: 'Too many requests; retry later.',
        headers: { 'Retry-After': String(verdict.resetSeconds) },
      };
    }
    return { key, ip, token, identity, upgrade, counted: false };
  }
}
