// src/redisBreaker.ts against a real Redis: a failure opens the circuit for the cooldown, one
// probe at a time then closes it, and a timeout caused only by a blocked event loop (a stall)
// is asked again once instead of failing open and opening the circuit.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { GuardedRedis, RedisSkipped } from '../src/redisBreaker.ts';
import { startRedis, type TestRedis } from './support/redisServer.ts';

const COMMAND_TIMEOUT_MS = 50;
const COOLDOWN_MS = 200;

let server: TestRedis;
let guarded: GuardedRedis;

/** Blocks the event loop, as the gateway's start-up or a long synchronous plan does. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Redis accepts commands and answers none for `ms` (a hung server, as when SIGSTOPped). */
async function hang(ms: number): Promise<void> {
  await server.admin.call('CLIENT', 'PAUSE', String(ms), 'ALL');
}

before(async () => {
  server = await startRedis();
});

after(async () => {
  await server.stop();
});

beforeEach(async () => {
  guarded?.close();
  await server.admin.call('CLIENT', 'UNPAUSE');
  guarded = new GuardedRedis(server.url, {
    connectTimeoutMs: 2_000,
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    cooldownMs: COOLDOWN_MS,
  });
  await guarded.run((client) => client.set('breaker:key', 'stored'));
});

after(() => guarded.close());

describe('GuardedRedis', () => {
  test('runs commands while Redis answers', async () => {
    assert.equal(await guarded.run((client) => client.get('breaker:key')), 'stored');
  });

  test('a command that hangs fails after the command timeout and Redis is skipped for the cooldown', async () => {
    await hang(1_000);
    const started = performance.now();
    await assert.rejects(
      guarded.run((client) => client.get('breaker:key')),
      /timed out/,
    );
    assert.ok(performance.now() - started < 10 * COMMAND_TIMEOUT_MS, 'failed near the command timeout');

    const skipped = performance.now();
    await assert.rejects(
      guarded.run((client) => client.get('breaker:key')),
      RedisSkipped,
    );
    assert.ok(performance.now() - skipped < COMMAND_TIMEOUT_MS, 'skipped at once, without asking Redis');
  });

  test('after the cooldown one probe asks Redis while the others keep skipping, and success closes the circuit', async () => {
    await hang(COMMAND_TIMEOUT_MS * 2);
    await assert.rejects(
      guarded.run((client) => client.get('breaker:key')),
      /timed out/,
    );
    await sleep(COOLDOWN_MS + 20);

    const probe = guarded.run((client) => client.get('breaker:key'));
    await assert.rejects(
      guarded.run((client) => client.get('breaker:key')),
      RedisSkipped,
    );
    assert.equal(await probe, 'stored');
    assert.equal(await guarded.run((client) => client.get('breaker:key')), 'stored');
  });

  test('a failed probe opens the circuit for another cooldown', async () => {
    await hang(COOLDOWN_MS * 3);
    await assert.rejects(
      guarded.run((client) => client.get('breaker:key')),
      /timed out/,
    );
    await sleep(COOLDOWN_MS + 20);
    await assert.rejects(
      guarded.run((client) => client.get('breaker:key')),
      /timed out/,
    );
    await assert.rejects(
      guarded.run((client) => client.get('breaker:key')),
      RedisSkipped,
    );
  });

  test('a command that timed out only because the event loop was blocked is asked again once', async () => {
    let calls = 0;
    const value = await guarded.run((client) => {
      calls += 1;
      const reply = client.get('breaker:key');
      // The reply arrives at once but is read only after the loop is free, after the timer fired.
      if (calls === 1) blockEventLoop(COMMAND_TIMEOUT_MS * 4);
      return reply;
    });
    assert.equal(value, 'stored');
    assert.equal(calls, 2);
    // A stall says nothing about Redis: the circuit stays closed.
    assert.equal(await guarded.run((client) => client.get('breaker:key')), 'stored');
  });

  test('a second stall fails the command but still does not open the circuit', async () => {
    let calls = 0;
    await assert.rejects(
      guarded.run(async (client) => {
        calls += 1;
        // A reply already waiting is read before the retry's timer can fire, so for the retry to
        // time out too, Redis holds its reply until the loop has been blocked.
        if (calls === 2) await hang(COMMAND_TIMEOUT_MS * 2);
        const reply = client.get('breaker:key');
        blockEventLoop(COMMAND_TIMEOUT_MS * 4);
        return reply;
      }),
      (error: Error) => !(error instanceof RedisSkipped) && error.message.includes('timed out'),
    );
    assert.equal(calls, 2, 'asked again once, not more');
    assert.equal(await guarded.run((client) => client.get('breaker:key')), 'stored');
  });

  test('a Redis that cannot be reached fails at once rather than queueing the command', async () => {
    const unreachable = new GuardedRedis('unix:///nonexistent/redis.sock', {
      connectTimeoutMs: 100,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      cooldownMs: COOLDOWN_MS,
    });
    try {
      const started = performance.now();
      await assert.rejects(unreachable.run((client) => client.get('breaker:key')));
      assert.ok(performance.now() - started < 1_000, 'failed within the connect timeout');
      await assert.rejects(
        unreachable.run((client) => client.get('breaker:key')),
        RedisSkipped,
      );
    } finally {
      unreachable.close();
    }
  });
});
