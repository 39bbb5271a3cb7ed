// Access-token verification at the router, by the one policy the subgraphs enforce too
// (token_policy.json, see tokenPolicy.ts): keys from the auth JWKS, cached and refetched on an
// unknown kid (jose rate-limits refetches), an asymmetric algorithm allow-list, then the claim
// rules, then revocation (revocation.ts) on every request.
import { compactVerify, createRemoteJWKSet, decodeProtectedHeader, errors } from 'jose';
import { GuardedRedis } from './redisBreaker.ts';
import { noRevocations, redisRevocations, type RevocationCheck } from './revocation.ts';
import type { RouterSettings } from './settings.ts';
import { AuthenticationError } from './tokenErrors.ts';
import { POLICY, checkClaims } from './tokenPolicy.ts';

export { AuthenticationError };

export interface Identity {
  subject: string;
  organizationId: string | undefined;
  scopes: string[];
  expiresAt: number;
  sessionId: string; // the login session (refresh-token family)
  tokenVersion: number; // the membership's token version when the token was issued
}

export type TokenVerifier = ((token: string) => Promise<Identity>) & { close?: () => Promise<void> };

const CACHE_CAPACITY = 10_000;

function reason(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWKSNoMatchingKey)
    return new AuthenticationError('UNKNOWN_KEY', 'Token signed with an unknown key');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new AuthenticationError('INVALID_SIGNATURE', 'Bad signature');
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new AuthenticationError('UNSUPPORTED_ALGORITHM', 'Algorithm not accepted');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AuthenticationError('KEYS_UNAVAILABLE', 'Signing keys are unavailable');
  }
  if (error instanceof errors.JOSEError) return new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
  return new AuthenticationError('KEYS_UNAVAILABLE', 'Signing keys are unavailable');
}

function checkHeader(token: string, algorithms: string[]): void {
  if (token.length > POLICY.max_token_bytes) throw new AuthenticationError('TOKEN_TOO_LARGE', 'Token is too large');
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
  }
  if (!header.alg || !algorithms.includes(header.alg)) {
    throw new AuthenticationError('UNSUPPORTED_ALGORITHM', 'Algorithm is not accepted');
  }
  if (typeof header.kid !== 'string' || !header.kid)
    throw new AuthenticationError('UNKNOWN_KEY', 'Token has no key id');
}

function claimsOf(payload: Uint8Array): Record<string, unknown> {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
  }
  return claims as Record<string, unknown>;
}

function identityOf(claims: Record<string, unknown>): Identity {
  // The claims passed the policy: formats are known good.
  return {
    subject: claims.sub as string,
    organizationId: typeof claims.org === 'string' ? claims.org : undefined,
    scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
    expiresAt: claims.exp as number,
    sessionId: claims.sid as string,
    tokenVersion: typeof claims.ver === 'number' ? claims.ver : 0,
  };
}

export function createTokenVerifier(settings: RouterSettings, revocations?: RevocationCheck): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cooldownDuration: 5_000, // at most one refetch per 5 s, however many forged kids arrive
    cacheMaxAge: 300_000,
    timeoutDuration: 5_000,
  });
  const algorithms = settings.jwtAlgorithms.filter((alg) => POLICY.allowed_algorithms.includes(alg));
  const revoked =
    revocations ??
    (settings.revocationRedisUrl
      ? redisRevocations(
          new GuardedRedis(settings.revocationRedisUrl, {
            connectTimeoutMs: settings.redisConnectTimeoutMs,
            commandTimeoutMs: settings.redisCommandTimeoutMs,
            cooldownMs: settings.redisCooldownMs,
          }),
        )
      : noRevocations);
  // A client sends the same token with every request: verify it once, until it expires.
  const verified = new Map<string, Identity>();

  async function verifyOnce(token: string): Promise<Identity> {
    const cached = verified.get(token);
    if (cached && (cached.expiresAt + POLICY.clock_skew_seconds) * 1000 > Date.now()) return cached;
    checkHeader(token, algorithms);
    let identity: Identity;
    try {
      const { payload } = await compactVerify(token, keys, { algorithms });
      const claims = claimsOf(payload);
      checkClaims(claims, settings.jwtIssuer, settings.jwtAudience);
      identity = identityOf(claims);
    } catch (error) {
      throw reason(error);
    }
    if (verified.size >= CACHE_CAPACITY) verified.delete(verified.keys().next().value as string);
    verified.set(token, identity);
    return identity;
  }

  const verify: TokenVerifier = async (token) => {
    const identity = await verifyOnce(token);
    if (await revoked.isRevoked(identity)) throw new AuthenticationError('TOKEN_REVOKED', 'Token has been revoked');
    return identity;
  };
  verify.close = () => revoked.close();
  return verify;
}

/** The token of `Authorization: Bearer <token>`, undefined when there is none. */
export function bearerToken(authorization: string | null): string | undefined {
  if (!authorization) return undefined;
  const [scheme, ...rest] = authorization.trim().split(/\s+/);
  const token = rest.join(' ');
  if (scheme.toLowerCase() !== 'bearer' || !token) {
    throw new AuthenticationError('MALFORMED_TOKEN', 'Expected a Bearer token');
  }
  return token;
}
