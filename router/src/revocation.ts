// Is a verified access token revoked? One Redis round trip (MGET) per request, remembered for
// at most `revocation.cache_seconds` (token_policy.json). The auth service writes the records
// (subgraphs/auth/auth_subgraph/revocation); every subgraph runs the same check
// (service_runtime/revocation.py).
//
// Fails open, like the rate limiter: when Redis cannot answer, the token is accepted and the
// outage logged. An outage of Redis must not become an outage of every signed-in client; the
// cost is bounded by the access-token lifetime (15 min by default): only a token revoked shortly
// before the outage and used during it gets through.
import { RedisSkipped, type GuardedRedis } from './redisBreaker.ts';
import { POLICY } from './tokenPolicy.ts';

export interface RevocationSubject {
  subject: string;
  organizationId: string | undefined;
  sessionId: string;
  tokenVersion: number;
}

export interface RevocationCheck {
  isRevoked(subject: RevocationSubject): Promise<boolean>;
  close(): Promise<void>;
}

const CAPACITY = 10_000;

export function sessionKey(sessionId: string): string {
  return `${POLICY.revocation.session_key_prefix}${sessionId}`;
}

export function membershipKey(userId: string, organizationId: string): string {
  return `${POLICY.revocation.membership_version_key_prefix}${userId}:${organizationId}`;
}

// `redis` (src/redisBreaker.ts) fails at once while Redis is down or was just found failing.
export function redisRevocations(redis: GuardedRedis): RevocationCheck {
  const answers = new Map<string, { revoked: boolean; until: number }>();

  async function ask(subject: RevocationSubject): Promise<boolean> {
    const keys = [sessionKey(subject.sessionId)];
    if (subject.organizationId) keys.push(membershipKey(subject.subject, subject.organizationId));
    const [session, version] = await redis.run((client) => client.mget(...keys));
    if (session !== null) return true;
    return version !== null && version !== undefined && subject.tokenVersion < Number(version);
  }

  return {
    async isRevoked(subject) {
      const key = `${subject.sessionId}|${subject.subject}|${subject.organizationId ?? ''}|${subject.tokenVersion}`;
      const now = Date.now();
      const cached = answers.get(key);
      if (cached && cached.until > now) return cached.revoked;
      try {
        const revoked = await ask(subject);
        if (answers.size >= CAPACITY) answers.clear();
        answers.set(key, { revoked, until: now + POLICY.revocation.cache_seconds * 1000 });
        return revoked;
      } catch (error) {
        if (error instanceof RedisSkipped) return false; // logged when the circuit opened
        console.error(
          JSON.stringify({ level: 'warn', event: 'revocation_check_unavailable', error: String(error).slice(0, 200) }),
        );
        return false;
      }
    },
    async close() {
      redis.close();
    },
  };
}

/** Without Redis (a single development router with no ROUTER_REDIS_URL) nothing is revoked
 * here; the subgraphs still check. */
export const noRevocations: RevocationCheck = {
  async isRevoked() {
    return false;
  },
  async close() {},
};
