// Storage for the per-field limits (the `rateLimiting` rules on login and register in
// gateway.config.ts). The gateway keeps them in its cache, by default in process memory: a
// restart forgot every count and each replica counted on its own, so N replicas allowed N
// times the limit. Given ROUTER_REDIS_URL the cache is this Redis-backed one, shared by every
// replica and surviving restarts, like the request budget (src/rateLimit.ts).
//
// The gateway's limiter reads a client's recent timestamps and writes them back; two requests
// racing on different replicas can both pass, so a burst may exceed the limit by the number
// of replicas at most. An unreachable Redis fails open at once (src/redisBreaker.ts): the
// request budget still applies, if its Redis is up.
import type { KeyValueCache } from '@graphql-mesh/types';
import { RedisSkipped, type GuardedRedis } from './redisBreaker.ts';

const PREFIX = 'router:fieldlimit:';

function failOpen<T>(fallback: T) {
  return (error: unknown): T => {
    if (error instanceof RedisSkipped) return fallback;
    console.error(
      JSON.stringify({ level: 'error', event: 'field_limit_store_unavailable', error: String(error).slice(0, 300) }),
    );
    return fallback;
  };
}

export function redisFieldLimitStore(redis: GuardedRedis): KeyValueCache<unknown> {
  return {
    async get(key) {
      const stored = await redis.run((client) => client.get(PREFIX + key)).catch(failOpen(null));
      return stored === null ? undefined : (JSON.parse(stored) as unknown);
    },
    async set(key, value, options) {
      const ttlMs = Math.max(Math.ceil((options?.ttl ?? 0) * 1000), 0);
      const json = JSON.stringify(value);
      await redis
        .run((client) => (ttlMs > 0 ? client.set(PREFIX + key, json, 'PX', ttlMs) : client.set(PREFIX + key, json)))
        .catch(failOpen(null));
    },
    async delete(key) {
      return (await redis.run((client) => client.del(PREFIX + key)).catch(failOpen(0))) > 0;
    },
    async getKeysByPrefix(prefix) {
      const keys = await redis.run((client) => client.keys(`${PREFIX}${prefix}*`)).catch(failOpen([] as string[]));
      return keys.map((key) => key.slice(PREFIX.length));
    },
  };
}
