// src/rateLimit.ts: a fixed window per client key, counted in Redis (shared by every router
// replica) or in memory, with what the 429 answer's headers are made of.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, test, type TestContext } from 'node:test';
import { memoryLimiter, redisLimiter, type RequestLimiter } from '../src/rateLimit.ts';
import { GuardedRedis, RedisSkipped } from '../src/redisBreaker.ts';
import { startRedis, type TestRedis } from './support/redisServer.ts';

const WINDOW_SECONDS = 60;

async function hits(limiter: RequestLimiter, key: string, count: number) {
  const verdicts = [];
  for (let i = 0; i < count; i++) verdicts.push(await limiter.hit(key));
  return verdicts;
}

describe('redisLimiter', () => {
  let server: TestRedis;
  const connections: GuardedRedis[] = [];

  function connect(): GuardedRedis {
    const redis = new GuardedRedis(server.url, { connectTimeoutMs: 2_000, commandTimeoutMs: 1_000, cooldownMs: 1_000 });
    connections.push(redis);
    return redis;
  }

  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    for (const redis of connections) redis.close();
    await server.stop();
  });

  test('allows `limit` requests per window, then refuses with nothing remaining', async () => {
    const limiter = redisLimiter(connect(), 3, WINDOW_SECONDS);
    const verdicts = await hits(limiter, randomUUID(), 4);
    assert.deepEqual(
      verdicts.map((verdict) => [verdict.allowed, verdict.remaining, verdict.limit]),
      [
        [true, 2, 3],
        [true, 1, 3],
        [true, 0, 3],
        [false, 0, 3],
      ],
    );
    for (const verdict of verdicts)
      assert.ok(verdict.resetSeconds > WINDOW_SECONDS - 5 && verdict.resetSeconds <= WINDOW_SECONDS);
  });

  test('counts each client separately', async () => {
    const limiter = redisLimiter(connect(), 1, WINDOW_SECONDS);
    assert.equal((await limiter.hit('client-a')).allowed, true);
    assert.equal((await limiter.hit('client-b')).allowed, true);
    assert.equal((await limiter.hit('client-a')).allowed, false);
  });

  test('replicas share one budget', async () => {
    const key = randomUUID();
    const [first, second] = [redisLimiter(connect(), 2, WINDOW_SECONDS), redisLimiter(connect(), 2, WINDOW_SECONDS)];
    assert.equal((await first.hit(key)).allowed, true);
    assert.equal((await second.hit(key)).allowed, true);
    assert.equal((await first.hit(key)).allowed, false);
  });

  test('the window expires in Redis with the first hit', async () => {
    const key = randomUUID();
    await redisLimiter(connect(), 5, WINDOW_SECONDS).hit(key);
    const ttl = await server.admin.pttl(`router:ratelimit:${key}`);
    assert.ok(ttl > (WINDOW_SECONDS - 5) * 1000 && ttl <= WINDOW_SECONDS * 1000, `ttl ${ttl}`);
  });

  test('a new window starts once the old one has expired', async () => {
    const key = randomUUID();
    const limiter = redisLimiter(connect(), 1, WINDOW_SECONDS);
    await limiter.hit(key);
    await server.admin.del(`router:ratelimit:${key}`); // what the expiry does
    assert.deepEqual(await limiter.hit(key), { allowed: true, limit: 1, remaining: 0, resetSeconds: WINDOW_SECONDS });
  });

  test('a counter left without an expiry gets one, so a client is never locked out for good', async () => {
    const key = randomUUID();
    await server.admin.set(`router:ratelimit:${key}`, '7');
    const verdict = await redisLimiter(connect(), 3, WINDOW_SECONDS).hit(key);
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.resetSeconds, WINDOW_SECONDS);
    assert.ok((await server.admin.pttl(`router:ratelimit:${key}`)) > 0);
  });

  test('throws when Redis is skipped, for the client gate to fail open', async () => {
    const unreachable = new GuardedRedis('unix:///nonexistent/redis.sock', {
      connectTimeoutMs: 50,
      commandTimeoutMs: 50,
      cooldownMs: 60_000,
    });
    connections.push(unreachable);
    const limiter = redisLimiter(unreachable, 3, WINDOW_SECONDS);
    await assert.rejects(limiter.hit('client'));
    await assert.rejects(limiter.hit('client'), RedisSkipped);
  });
});

describe('memoryLimiter', () => {
  let limiter: RequestLimiter | undefined;

  afterEach(async () => {
    await limiter?.close();
  });

  function limited(t: TestContext, limit: number): RequestLimiter {
    t.mock.timers.enable({ apis: ['Date', 'setInterval'], now: 1_000_000 });
    limiter = memoryLimiter(limit, WINDOW_SECONDS);
    return limiter;
  }

  test('allows `limit` requests per window per client', async (t) => {
    const memory = limited(t, 2);
    const verdicts = await hits(memory, 'client-a', 3);
    assert.deepEqual(
      verdicts.map((verdict) => [verdict.allowed, verdict.remaining]),
      [
        [true, 1],
        [true, 0],
        [false, 0],
      ],
    );
    assert.equal((await memory.hit('client-b')).allowed, true);
  });

  test('counts down the seconds to the reset and starts a new window after it', async (t) => {
    const memory = limited(t, 1);
    await memory.hit('client');
    t.mock.timers.tick(45_500);
    assert.deepEqual(await memory.hit('client'), { allowed: false, limit: 1, remaining: 0, resetSeconds: 15 });
    t.mock.timers.tick(14_500);
    assert.deepEqual(await memory.hit('client'), { allowed: true, limit: 1, remaining: 0, resetSeconds: 60 });
  });
});
