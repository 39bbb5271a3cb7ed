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

/** A command timed out only because the event loop was blocked; see `stalled`. */
class StalledCommand extends Error {
  constructor(override readonly cause: unknown) {
    super('Redis command timed out while the event loop was blocked');
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
  // The first commands wait for the first connection (up to connectTimeoutMs): without an
  // offline queue they would fail, and a router just started would skip its limits.
  private started = false;
  private starting: Promise<void> | undefined;

  constructor(
    url: string,
    private readonly options: GuardedRedisOptions,
  ) {
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

  private firstConnection(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.redis.status === 'ready') return resolve();
      const timer = setTimeout(resolve, this.options.connectTimeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    }).then(() => {
      this.started = true;
    });
  }

  /** Runs a command, or throws RedisSkipped at once while the circuit is open. */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    if (!this.started) await (this.starting ??= this.firstConnection());
    const tripped = this.openUntil > 0;
    if (tripped && (Date.now() < this.openUntil || this.probing)) throw new RedisSkipped();
    if (tripped) this.probing = true;
    try {
      const result = await this.once(command).catch((error: unknown) => {
        // A stall says nothing about Redis: ask again once rather than skip a limit for it.
        if (error instanceof StalledCommand) return this.once(command);
        throw error;
      });
      this.openUntil = 0;
      return result;
    } catch (error) {
      if (!(error instanceof StalledCommand)) this.openUntil = Date.now() + this.options.cooldownMs;
      throw error instanceof StalledCommand ? error.cause : error;
    } finally {
      if (tripped) this.probing = false;
    }
  }

  private async once<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    const sent = performance.now();
    try {
      return await command(this.redis);
    } catch (error) {
      throw this.stalled(error, performance.now() - sent) ? new StalledCommand(error) : error;
    }
  }

  /** A timeout that took far longer than the timeout itself: the router's own event loop was
   * blocked (the gateway's start-up, a long synchronous plan), so the timer fired before the
   * reply already waiting in the socket was read. That says nothing about Redis: tripping
   * would make the next requests skip it, and failing open would let a burst of logins
   * through a router kept busy (CI saw exactly that on a router just started). */
  private stalled(error: unknown, elapsedMs: number): boolean {
    return String((error as Error)?.message).includes('timed out') && elapsedMs > 2 * this.options.commandTimeoutMs;
  }

  close(): void {
    this.redis.disconnect();
  }
}
