// Hive Gateway configuration: the supergraph's only public entry point.
// Everything is configured from ROUTER_* environment variables (src/settings.ts).
import { defineConfig } from '@graphql-hive/gateway';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useClientGate, clientOf } from './src/clientGate.ts';
import { PersistedOperations, persistedOperationId } from './src/persisted.ts';
import { memoryLimiter, redisLimiter } from './src/rateLimit.ts';
import { loadSettings } from './src/settings.ts';
import { subgraphsOf, useServiceEndpoints } from './src/services.ts';
import { createTokenVerifier } from './src/tokens.ts';
import { useWebhookForwarding } from './src/webhooks.ts';
import { useBoundedErrors } from './src/errorBounds.ts';

const settings = loadSettings();
const development = settings.environment === 'development';
const supergraph = new URL('../supergraph.graphql', import.meta.url).pathname;
const subgraphs = subgraphsOf(supergraph, settings.subgraphUrls);
const limiter = settings.redisUrl
  ? redisLimiter(settings.redisUrl, settings.rateLimitMax, settings.rateLimitWindowSeconds)
  : memoryLimiter(settings.rateLimitMax, settings.rateLimitWindowSeconds);
const persisted = new PersistedOperations(settings.persistedDir);
const VERSION = '0.1.0';

function isMobile(request: Request): boolean {
  return settings.mobileClientPattern.test(request.headers.get('apollographql-client-name') ?? '');
}

export const gatewayConfig = defineConfig({
  supergraph,
  port: settings.port,
  graphqlEndpoint: '/graphql',
  // Liveness only; /readiness (src/services.ts) also checks every subgraph.
  healthCheckEndpoint: '/healthcheck',
  readinessCheckEndpoint: '/readiness/gateway',
  landingPage: false,
  // GraphiQL bundled in the package: works with no internet (the Laboratory UI needs a CDN).
  graphiql: { title: 'Finance supergraph', defaultQuery: '{ me { id email displayName } }' },
  renderGraphiQL,
  transportEntries: Object.fromEntries(
    subgraphs.map((subgraph) => [
      subgraph.name,
      // Subscriptions pass through to the subgraph over graphql-ws on its /graphql path.
      { location: subgraph.url, options: { subscriptions: { kind: 'ws', location: '/graphql' } } },
    ]),
  ),
  plugins: () => [useServiceEndpoints(subgraphs, VERSION), useWebhookForwarding(subgraphs), useClientGate(settings, createTokenVerifier(settings), limiter), useBoundedErrors()],
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const client = clientOf(request);
      return {
        authorization: request.headers.get('authorization') ?? undefined,
        'x-request-id': request.headers.get('x-request-id') ?? undefined,
        // Subgraphs throttle logins per client address: the right-most entry is ours.
        'x-forwarded-for': client?.ip,
      };
    },
  },
  requestId: { headerName: 'x-request-id', generateRequestId: () => crypto.randomUUID() },
  // No CORS headers at all for a foreign origin: given a list, the gateway would answer it with
  // "Access-Control-Allow-Origin: null", which a sandboxed page (Origin: null) matches.
  cors: (request) =>
    settings.corsOrigins.includes(request.headers.get('origin') ?? '') && {
      origin: settings.corsOrigins,
      credentials: true,
      allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'apollographql-client-name', 'apollographql-client-version', 'x-graphql-csrf'],
      exposedHeaders: ['x-request-id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
    },
  // A browser cannot send these without a CORS preflight, so a cross-site form or <img> GET
  // cannot run an operation.
  csrfPrevention: { requestHeaders: ['x-graphql-csrf', 'apollographql-client-name', 'apollo-require-preflight'] },
  maxDepth: settings.maxDepth,
  maxTokens: settings.maxTokens,
  blockFieldSuggestions: true,
  demandControl: { maxCost: settings.maxCost, defaultAssumedListSize: 10, includeExtensionMetadata: development },
  disableIntrospection: { disableIf: () => !development },
  // Per subgraph (ROUTER_UPSTREAM_TIMEOUT_MS_<NAME>), else ROUTER_UPSTREAM_TIMEOUT_MS.
  upstreamTimeout: ({ subgraphName }) =>
    (subgraphName && settings.upstreamTimeoutsMs[subgraphName]) || settings.upstreamTimeoutMs,
  // Retrying a mutation could apply it twice: only queries are retried.
  upstreamRetry: ({ executionRequest }) =>
    executionRequest.operationType === 'query' ? { maxRetries: 2, retryDelay: 200 } : { maxRetries: 0 },
  persistedDocuments: {
    getPersistedOperation: (id: string) => persisted.get(id),
    extractPersistedOperationId: persistedOperationId,
    allowArbitraryDocuments: (request: Request) =>
      settings.safelist === 'off' || (settings.safelist === 'mobile' && !isMobile(request)),
    customErrors: {
      notFound: { message: 'Persisted operation not found.', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
      persistedQueryOnly: { message: 'Only persisted operations are accepted from this client.', extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } },
      keyNotFound: { message: 'The request carries no persisted operation id.', extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } } },
    },
  },
  // Per-field limits for expensive mutations, per client (src/clientGate.ts sets the key).
  rateLimiting: [
    { type: 'Mutation', field: 'register', max: settings.registerLimitPerHour, ttl: 3_600_000, identifier: '{context.clientKey}' },
    { type: 'Mutation', field: 'login', max: settings.loginLimitPer15Minutes, ttl: 900_000, identifier: '{context.clientKey}' },
  ],
  prometheus: { endpoint: '/metrics', metrics: { graphql_gateway_fetch_duration: true, graphql_gateway_subgraph_execute_duration: true, graphql_gateway_subgraph_execute_errors: true, graphql_envelop_phase_execute: true, graphql_envelop_request_duration: true, graphql_envelop_error_result: true, graphql_yoga_http_duration: true } },
  maskedErrors: { isDev: development },
});
