// src/revocation.ts against a real Redis, with the records the auth service writes: a revoked
// session, a membership whose token version moved past the token's. Fails open without Redis.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GuardedRedis } from '../src/redisBreaker.ts';
import { membershipKey, redisRevocations, sessionKey, type RevocationSubject } from '../src/revocation.ts';
import { startRedis, type TestRedis } from './support/redisServer.ts';

let server: TestRedis;
const connections: GuardedRedis[] = [];

function revocations(url: string = server.url) {
  const redis = new GuardedRedis(url, { connectTimeoutMs: 1_000, commandTimeoutMs: 1_000, cooldownMs: 1_000 });
  connections.push(redis);
  return redisRevocations(redis);
}

function subject(tokenVersion = 0): RevocationSubject {
  return { subject: randomUUID(), organizationId: randomUUID(), sessionId: randomUUID(), tokenVersion };
}

before(async () => {
  server = await startRedis();
});

after(async () => {
  for (const redis of connections) redis.close();
  await server.stop();
});

describe('redisRevocations', () => {
  test('a token of a live session and a current membership is not revoked', async () => {
    assert.equal(await revocations().isRevoked(subject()), false);
  });

  test('a token of a revoked session is revoked', async () => {
    const token = subject();
    await server.admin.set(sessionKey(token.sessionId), '1');
    assert.equal(await revocations().isRevoked(token), true);
  });

  test("a token older than its membership's token version is revoked, a current one is not", async () => {
    const [stale, current] = [subject(1), subject(2)];
    current.subject = stale.subject;
    current.organizationId = stale.organizationId;
    await server.admin.set(membershipKey(stale.subject, stale.organizationId ?? ''), '2');
    const check = revocations();
    assert.equal(await check.isRevoked(stale), true);
    assert.equal(await check.isRevoked(current), false);
  });

  test('a token without an organisation is checked by its session only', async () => {
    const token = { ...subject(), organizationId: undefined };
    assert.equal(await revocations().isRevoked(token), false);
    await server.admin.set(sessionKey(token.sessionId), '1');
    assert.equal(await revocations().isRevoked(token), true);
  });

  test('an answer is remembered for the cache period, then asked again', async (t) => {
    const token = subject();
    const check = revocations();
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    assert.equal(await check.isRevoked(token), false);
    await server.admin.set(sessionKey(token.sessionId), '1');
    assert.equal(await check.isRevoked(token), false);
    t.mock.timers.tick(1_001); // token_policy.json: revocation.cache_seconds
    assert.equal(await check.isRevoked(token), true);
  });

  test('without Redis a token is accepted (fail open) and the outage logged', async (t) => {
    const logged = t.mock.method(console, 'error', () => undefined);
    assert.equal(await revocations('unix:///nonexistent/redis.sock').isRevoked(subject()), false);
    const line = JSON.parse(String(logged.mock.calls[0]?.arguments[0])) as { event: string };
    assert.equal(line.event, 'revocation_check_unavailable');
  });
});
