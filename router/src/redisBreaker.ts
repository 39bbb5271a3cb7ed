// The router's Redis (request budget, per-field limits) must never slow a request down: both
// fail open, so a Redis that is down or hanging should cost a request nothing. ioredis by
// default queues commands while it reconnects and retries them, so with Redis stopped each
// request waited for the reconnection attempts: the soak saw 0.1 s, 1.3 s, then 10 s per
// request, and 5 s for the first one after Redis came back.
//
// So: no offline queue (a command while disconnected fails at once), no per-command retries, a
// short command timeout (a hung Redis, e.g. SIGSTOPped, accepts connections and never answers),
// and a circuit breaker: after a failure Redis is skipped for `cooldownMs`, then one request
// probes it while the others keep skipping, so a dead Redis costs one probe per cooldown.
// A dozen lines of our own rather than a breaker library: the policy is "trip on the first
// failure", which rolling-window breakers (opossum) express only awkwardly.
import { Redis, type RedisOptions } from 'ioredis';

export class RedisSkipped extends Error {
  constructor() {
    super('Redis skipped: circuit open after a recent failure');
  }
}

export interface GuardedRedisOptions {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  cooldownMs: number;
}

export class GuardedRedis {
  readonly redis: Redis;
  private openUntil = 0;
  private probing = false;

  constructor(url: string, private readonly options: GuardedRedisOptions) {
    const redisOptions: RedisOptions = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      // Reconnect quickly and keep trying: recovery is noticed within a cooldown or two.
      retryStrategy: (times) => Math.min(times * 100, options.cooldownMs),
      lazyConnect: false,
    };
    // Development's embedded Redis listens on a unix socket (unix:///path/redis.socket).
    this.redis = url.startsWith('unix://')
      ? new Redis({ ...redisOptions, path: url.slice('unix://'.length) })
      : new Redis(url, redisOptions);
    // Connection errors are reported through commands failing; an unhandled 'error' event
    // would only print ioredis's own warning on every reconnection attempt.
    this.redis.on('error', () => {});
    // Reconnected: use Redis again at once rather than after the cooldown.
    this.redis.on('ready', () => {
      this.openUntil = 0;
    });
  }

  /** Runs a command, or throws RedisSkipped at once while the circuit is open. */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    const tripped = this.openUntil > 0;
    if (tripped && (Date.now() < this.openUntil || this.probing)) throw new RedisSkipped();
    if (tripped) this.probing = true;
    try {
      const result = await command(this.redis);
      this.openUntil = 0;
      return result;
    } catch (error) {
      this.openUntil = Date.now() + this.options.cooldownMs;
      throw error;
    } finally {
      if (tripped) this.probing = false;
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
