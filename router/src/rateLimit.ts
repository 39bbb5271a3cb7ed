// Per-client request limits: a fixed window per client key, in Redis when configured (shared by
// every router replica) or in memory (one replica).
import type { GuardedRedis } from './redisBreaker.ts';

export interface Verdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export interface RequestLimiter {
  hit(key: string): Promise<Verdict>;
  close(): Promise<void>;
}

// INCR and set the window's expiry atomically on the first hit; returns [count, ms left].
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

function verdict(count: number, msLeft: number, limit: number): Verdict {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(limit - count, 0),
    resetSeconds: Math.max(Math.ceil(msLeft / 1000), 1),
  };
}

/** Counts in Redis; a failure (or a skipped Redis, src/redisBreaker.ts) throws, and the
 * client gate lets the request through. The connection is closed by its owner. */
export function redisLimiter(redis: GuardedRedis, limit: number, windowSeconds: number): RequestLimiter {
  const windowMs = windowSeconds * 1000;
  return {
    async hit(key) {
      const reply = await redis.run((client) => client.eval(HIT_SCRIPT, 1, `router:ratelimit:${key}`, windowMs));
      const [count, ttl] = reply as [number, number];
      return verdict(count, ttl, limit);
    },
    async close() {},
  };
}

export function memoryLimiter(limit: number, windowSeconds: number): RequestLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  }, 60_000);
  sweep.unref();
  return {
    async hit(key) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(key, window);
      }
      window.count += 1;
      return verdict(window.count, window.resetAt - now, limit);
    },
    async close() {
      clearInterval(sweep);
    },
  };
}
