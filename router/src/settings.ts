// Router settings, read once from ROUTER_* environment variables (the same convention as the
// subgraphs' <SERVICE>_* settings). Secrets: none; the router verifies tokens with public keys.

export type SafelistMode = 'off' | 'mobile' | 'all';

export interface RouterSettings {
  environment: string;
  port: number;
  jwksUrl: string;
  jwtIssuer: string;
  jwtAudience: string;
  jwtAlgorithms: string[];
  redisUrl: string | undefined;
  revocationRedisUrl: string | undefined; // where auth writes revocations; default redisUrl
  // Redis must never slow a request (src/redisBreaker.ts): short timeouts, then skipped a while.
  redisConnectTimeoutMs: number;
  redisCommandTimeoutMs: number;
  redisCooldownMs: number;
  // Idle client connections stay open this long (Node's default, 5 s, closed them between a
  // user's requests); subgraph connections are kept alive by the gateway's fetch.
  keepAliveTimeoutMs: number;
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
  registerLimitPerHour: number; // per client, on the register mutation
  loginLimitPer15Minutes: number; // per client, on the login mutation
  trustForwardedFor: boolean;
  corsOrigins: string[];
  persistedDir: string;
  safelist: SafelistMode;
  mobileClientPattern: RegExp;
  maxDepth: number;
  maxTokens: number;
  maxCost: number;
  upstreamTimeoutMs: number;
  upstreamTimeoutsMs: Record<string, number>; // per subgraph, from ROUTER_UPSTREAM_TIMEOUT_MS_<NAME>
  subgraphUrls: Record<string, string>;
  // Request bounds (src/requestGuard.ts): checked before anything else reads the body.
  maxBodyBytes: number; // anonymous requests
  maxAuthenticatedBodyBytes: number; // requests with a verified token (statement imports)
  maxVariablesDepth: number;
  maxVariablesNodes: number;
}

function env(name: string, fallback?: string): string {
  const value = process.env[`ROUTER_${name}`] ?? fallback;
  if (value === undefined) {
    throw new Error(`ROUTER_${name} is required`);
  }
  return value;
}

export function integer(name: string, fallback: number): number {
  const value = Number.parseInt(env(name, String(fallback)), 10);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`ROUTER_${name} must be a positive integer`);
  }
  return value;
}

function list(name: string, fallback: string): string[] {
  return env(name, fallback)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Values of ROUTER_<PREFIX><NAME> variables by subgraph name, e.g.
 * ROUTER_SUBGRAPH_URL_AUTH=http://auth:3001/graphql overrides supergraph.graphql's URL. */
function perSubgraph(prefix: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith(prefix) && value) {
      values[key.slice(prefix.length).toLowerCase()] = value;
    }
  }
  return values;
}

function perSubgraphTimeouts(): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const [name, value] of Object.entries(perSubgraph('ROUTER_UPSTREAM_TIMEOUT_MS_'))) {
    const ms = Number.parseInt(value, 10);
    if (!Number.isFinite(ms) || ms <= 0)
      throw new Error(`ROUTER_UPSTREAM_TIMEOUT_MS_${name.toUpperCase()} must be a positive integer`);
    timeouts[name] = ms;
  }
  return timeouts;
}

export function loadSettings(): RouterSettings {
  const safelist = env('SAFELIST', 'mobile');
  if (!['off', 'mobile', 'all'].includes(safelist)) {
    throw new Error('ROUTER_SAFELIST must be off, mobile or all');
  }
  const algorithms = list('JWT_ALGORITHMS', 'RS256');
  if (algorithms.some((alg) => alg.startsWith('HS') || alg === 'none')) {
    throw new Error('ROUTER_JWT_ALGORITHMS must be asymmetric algorithms');
  }
  return {
    environment: env('ENVIRONMENT', 'development'),
    port: integer('PORT', 3010),
    jwksUrl: env('JWKS_URL', 'http://127.0.0.1:3001/.well-known/jwks.json'),
    jwtIssuer: env('JWT_ISSUER', 'finance-platform-auth'),
    jwtAudience: env('JWT_AUDIENCE', 'finance-supergraph'),
    jwtAlgorithms: algorithms,
    redisUrl: process.env.ROUTER_REDIS_URL || undefined,
    revocationRedisUrl: env('REVOCATION_REDIS_URL', process.env.ROUTER_REDIS_URL ?? '') || undefined,
    redisConnectTimeoutMs: integer('REDIS_CONNECT_TIMEOUT_MS', 500),
    redisCommandTimeoutMs: integer('REDIS_COMMAND_TIMEOUT_MS', 250),
    redisCooldownMs: integer('REDIS_COOLDOWN_MS', 1000),
    keepAliveTimeoutMs: integer('KEEP_ALIVE_TIMEOUT_MS', 65_000),
    // The seed's gateway limit: 1000 requests per 15 minutes per client.
    rateLimitMax: integer('RATE_LIMIT_MAX', 1000),
    rateLimitWindowSeconds: integer('RATE_LIMIT_WINDOW_SECONDS', 900),
    registerLimitPerHour: integer('REGISTER_LIMIT_PER_HOUR', 10),
    loginLimitPer15Minutes: integer('LOGIN_LIMIT_PER_15_MINUTES', 30),
    trustForwardedFor: env('TRUST_FORWARDED_FOR', 'false') === 'true',
    corsOrigins: list('CORS_ORIGINS', 'http://localhost:3000,http://127.0.0.1:3000'),
    persistedDir: env('PERSISTED_DIR', new URL('../persisted', import.meta.url).pathname),
    safelist: safelist as SafelistMode,
    mobileClientPattern: new RegExp(env('MOBILE_CLIENT_PATTERN', '(ios|android|mobile)'), 'i'),
    maxDepth: integer('MAX_DEPTH', 10),
    maxTokens: integer('MAX_TOKENS', 2000),
    maxCost: integer('MAX_COST', 5000),
    upstreamTimeoutMs: integer('UPSTREAM_TIMEOUT_MS', 10000),
    upstreamTimeoutsMs: perSubgraphTimeouts(),
    subgraphUrls: perSubgraph('ROUTER_SUBGRAPH_URL_'),
    maxBodyBytes: integer('MAX_BODY_BYTES', 1_048_576),
    // Financial accepts statements of up to 32 MiB of text, which JSON escaping makes longer.
    maxAuthenticatedBodyBytes: integer('MAX_AUTHENTICATED_BODY_BYTES', 36 * 1_048_576),
    maxVariablesDepth: integer('MAX_VARIABLES_DEPTH', 64),
    maxVariablesNodes: integer('MAX_VARIABLES_NODES', 50_000),
  };
}
