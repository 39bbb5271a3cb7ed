// GraphQL is served at exactly `/graphql`. Yoga treats any URL that merely *ends* in
// "/graphql" as its endpoint (`/graphql/`, `//graphql`, `/x/graphql`, even
// `/healthcheck?/graphql`, since the query string counts), while the client gate (token check,
// request budget) guards the exact path: every other spelling reached the gateway unchecked.
// This plugin runs after every other request handler (health, readiness, services, webhooks,
// GraphiQL, the gate): whatever is still unanswered is a GraphQL request, and unless its path
// is exactly the one the gate guards, it is a 404.
import type { GatewayPlugin } from '@graphql-hive/gateway';

export const GRAPHQL_PATH = '/graphql';

export function useGraphQLOnlyAtItsPath(): GatewayPlugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname === GRAPHQL_PATH) return;
      const body = { errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] };
      endResponse(new Response(JSON.stringify(body), { status: 404, headers: { 'content-type': 'application/json' } }));
    },
  };
}
