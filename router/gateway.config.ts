// Hive Gateway configuration: the supergraph's only public entry point.
// Everything is configured from ROUTER_* environment variables (src/settings.ts).
import { defineConfig } from '@graphql-hive/gateway';
import { useClientGate, clientOf } from './src/clientGate.ts';
import { redisFieldLimitStore } from './src/fieldLimits.ts';
import { useGraphiQLPage } from './src/graphiqlPage.ts';
import { boundedLogger, keepServingThroughStrayErrors } from './src/logging.ts';
import { PersistedOperations, persistedOperationId } from './src/persisted.ts';
import { generateRequestId, requestIdOf, useClientErrors } from './src/clientErrors.ts';
import { memoryLimiter, redisLimiter } from './src/rateLimit.ts';
import { GuardedRedis } from './src/redisBreaker.ts';
import { useRequestGuard } from './src/requestGuard.ts';
import { useGraphQLOnlyAtItsPath } from './src/routes.ts';
import { loadSettings } from './src/settings.ts';
import { subgraphsOf, useServiceEndpoints } from './src/services.ts';
import { useSubgraphFailures } from './src/subgraphFailures.ts';
import { isSubscription } from './src/subgraphSubscriptions.ts';
import { createTokenVerifier } from './src/tokens.ts';
import { isTracedRequest, setUpTracing, traceSink, useRequestIdOnSpans } from './src/tracing.ts';
import { useWebhookForwarding } from './src/webhooks.ts';
import { UpgradeAdmission } from './src/websocketAdmission.ts';
import { WebSocketGate } from './src/websocketGate.ts';
import { websocketClientOf } from './src/websocketOperations.ts';
import { useGraphQLOverWebSocket } from './src/websocketServer.ts';
import { loadWebSocketSettings } from './src/websocketSettings.ts';
import { useBoundedErrors } from './src/errorBounds.ts';

const settings = loadSettings();
const development = settings.environment === 'development';
const supergraph = new URL('../supergraph.graphql', import.meta.url).pathname;
const subgraphs = subgraphsOf(supergraph, settings.subgraphUrls);
// One connection for the request budget and the per-field limits, so a failure seen by one
// makes both skip Redis (src/redisBreaker.ts).
const redis = settings.redisUrl
  ? new GuardedRedis(settings.redisUrl, {
      connectTimeoutMs: settings.redisConnectTimeoutMs,
      commandTimeoutMs: settings.redisCommandTimeoutMs,
      cooldownMs: settings.redisCooldownMs,
    })
  : undefined;
const limiter = redis
  ? redisLimiter(redis, settings.rateLimitMax, settings.rateLimitWindowSeconds)
  : memoryLimiter(settings.rateLimitMax, settings.rateLimitWindowSeconds);
const fieldLimitStore = redis ? redisFieldLimitStore(redis) : undefined;
const persisted = new PersistedOperations(settings.persistedDir);
const VERSION = '0.1.0';
const log = boundedLogger();
keepServingThroughStrayErrors(log);
// OpenTelemetry from the standard OTEL_* variables (src/tracing.ts); off by default.
const tracing = setUpTracing(traceSink(process.env, log.level), log, VERSION);
const verifyToken = createTokenVerifier(settings);
const websocketLimits = loadWebSocketSettings();
const websocketAdmission = new UpgradeAdmission(settings, verifyToken, limiter, log);
const websocketGate = new WebSocketGate(websocketLimits, verifyToken, limiter, log);

function isMobile(request: Request): boolean {
  return settings.mobileClientPattern.test(request.headers.get('apollographql-client-name') ?? '');
}

export const gatewayConfig = defineConfig({
  supergraph,
  port: settings.port,
  // Node closes a connection idle for 5 s by default: users thinking between requests had to
  // reconnect for nearly every one. (Node 20 applies headersTimeout, 60 s, only while a
  // request's headers arrive, not to idle keep-alive connections, so it needs no change.)
  keepAliveTimeout: settings.keepAliveTimeoutMs,
  graphqlEndpoint: '/graphql',
  // GraphQL over WebSocket is served by src/websocketServer.ts, behind its own client gate.
  disableWebsockets: true,
  // Liveness only; /readiness (src/services.ts) also checks every subgraph.
  healthCheckEndpoint: '/healthcheck',
  readinessCheckEndpoint: '/readiness/gateway',
  landingPage: false,
  logging: log,
  // GraphiQL is served by src/graphiqlPage.ts, compressed and cacheable.
  graphiql: false,
  // Per-field limits (rateLimiting below) are the only user of the gateway's cache.
  ...(fieldLimitStore ? { cache: fieldLimitStore } : {}),
  transportEntries: Object.fromEntries(
    subgraphs.map((subgraph) => [
      subgraph.name,
      // Subscriptions pass through to the subgraph over graphql-ws on its /graphql path, with the
      // client's verified token in connection_init (context.headers: src/websocketOperations.ts
      // for WebSocket clients, the request's headers over HTTP).
      {
        location: subgraph.url,
        options: {
          subscriptions: {
            kind: 'ws',
            location: '/graphql',
            options: { connectionParams: { authorization: '{context.headers.authorization}' } },
          },
        },
      },
    ]),
  ),
  plugins: () => [
    // Order matters: the client gate runs before the body is read (a verified client may send
    // more), and whatever no handler answered is GraphQL, served only at the gated path.
    useServiceEndpoints(subgraphs, VERSION),
    useWebhookForwarding(subgraphs),
    // GraphiQL is static (bundled in the package: works with no internet): not gated, as before.
    useGraphiQLPage({ title: 'Finance supergraph', defaultQuery: '{ me { id email displayName } }' }),
    useClientGate(settings, verifyToken, limiter),
    useGraphQLOverWebSocket(websocketAdmission, websocketGate, websocketLimits, log, !development),
    useGraphQLOnlyAtItsPath(),
    useRequestGuard(settings),
    useSubgraphFailures(),
    useBoundedErrors(),
    useClientErrors(!development),
    ...(tracing ? [useRequestIdOnSpans(requestIdOf)] : []),
    { onDispose: () => redis?.close() },
  ],
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const client = clientOf(request) ?? websocketClientOf(request);
      return {
        authorization: request.headers.get('authorization') ?? undefined,
        'x-request-id': request.headers.get('x-request-id') ?? undefined,
        // Subgraphs throttle logins per client address: the right-most entry is ours.
        'x-forwarded-for': client?.ip,
      };
    },
  },
  requestId: { headerName: 'x-request-id', generateRequestId },
  // No CORS headers at all for a foreign origin: given a list, the gateway would answer it with
  // "Access-Control-Allow-Origin: null", which a sandboxed page (Origin: null) matches.
  cors: (request) =>
    settings.corsOrigins.includes(request.headers.get('origin') ?? '') && {
      origin: settings.corsOrigins,
      credentials: true,
      allowedHeaders: [
        'authorization',
        'content-type',
        'x-request-id',
        'apollographql-client-name',
        'apollographql-client-version',
        'x-graphql-csrf',
      ],
      exposedHeaders: ['x-request-id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
    },
  // A browser cannot send these without a CORS preflight, so a cross-site form or <img> GET
  // cannot run an operation.
  csrfPrevention: { requestHeaders: ['x-graphql-csrf', 'apollographql-client-name', 'apollo-require-preflight'] },
  maxDepth: settings.maxDepth,
  maxTokens: settings.maxTokens,
  // "Did you mean ...?" would describe the schema to anyone probing it: development only.
  blockFieldSuggestions: !development,
  // A list field without @listSize costs what one object costs: `listSize`, the assumed length
  // that would multiply it, is left at the gateway's default (0, off).
  demandControl: { maxCost: settings.maxCost, includeExtensionMetadata: development },
  disableIntrospection: { disableIf: () => !development },
  // Per subgraph (ROUTER_UPSTREAM_TIMEOUT_MS_<NAME>), else ROUTER_UPSTREAM_TIMEOUT_MS. None for
  // a subscription: it is meant to outlive any timeout (the gateway would end it after one).
  upstreamTimeout: ({ subgraphName, executionRequest }) =>
    isSubscription(executionRequest)
      ? undefined
      : (subgraphName && settings.upstreamTimeoutsMs[subgraphName]) || settings.upstreamTimeoutMs,
  // No `upstreamRetry`: it retries timeouts too. src/subgraphFailures.ts retries only calls
  // that never reached the subgraph, and says why.
  persistedDocuments: {
    getPersistedOperation: (id: string) => persisted.get(id),
    extractPersistedOperationId: persistedOperationId,
    allowArbitraryDocuments: (request: Request) =>
      settings.safelist === 'off' || (settings.safelist === 'mobile' && !isMobile(request)),
    customErrors: {
      notFound: {
        message: 'Persisted operation not found.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
      },
      persistedQueryOnly: {
        message: 'Only persisted operations are accepted from this client.',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
      keyNotFound: {
        message: 'The request carries no persisted operation id.',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
    },
  },
  // Per-field limits for expensive mutations, per client (src/clientGate.ts sets the key).
  rateLimiting: [
    {
      type: 'Mutation',
      field: 'register',
      max: settings.registerLimitPerHour,
      ttl: 3_600_000,
      identifier: '{context.clientKey}',
    },
    {
      type: 'Mutation',
      field: 'login',
      max: settings.loginLimitPer15Minutes,
      ttl: 900_000,
      identifier: '{context.clientKey}',
    },
  ],
  prometheus: {
    endpoint: '/metrics',
    metrics: {
      graphql_gateway_fetch_duration: true,
      graphql_gateway_subgraph_execute_duration: true,
      graphql_gateway_subgraph_execute_errors: true,
      graphql_envelop_phase_execute: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: true,
      graphql_yoga_http_duration: true,
    },
  },
  maskedErrors: { isDev: development },
  // Spans per request, operation, subgraph call and fetch; the W3C traceparent goes to the
  // subgraphs, which continue the trace.
  ...(tracing ? { openTelemetry: { traces: { spans: { http: ({ request }) => isTracedRequest(request) } } } } : {}),
});
