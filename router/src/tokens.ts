// Access-token verification at the router, with the same reason codes as the subgraphs
// (service_runtime/tokens.py): keys from the auth JWKS, cached and refetched on an unknown kid
// (jose rate-limits refetches), issuer, audience and an asymmetric algorithm allow-list.
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { RouterSettings } from './settings.ts';

export class AuthenticationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Identity {
  subject: string;
  organizationId: string | undefined;
  scopes: string[];
  expiresAt: number;
}

export type TokenVerifier = (token: string) => Promise<Identity>;

const CACHE_CAPACITY = 10_000;

function reason(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired) return new AuthenticationError('TOKEN_EXPIRED', 'Token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new AuthenticationError('INVALID_ISSUER', 'Wrong issuer');
    if (error.claim === 'aud') return new AuthenticationError('INVALID_AUDIENCE', 'Wrong audience');
    return new AuthenticationError('INVALID_CLAIMS', error.message);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new AuthenticationError('UNKNOWN_KEY', 'Token signed with an unknown key');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationError('INVALID_SIGNATURE', 'Bad signature');
  if (error instanceof errors.JOSEAlgNotAllowed) return new AuthenticationError('UNSUPPORTED_ALGORITHM', 'Algorithm not accepted');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AuthenticationError('KEYS_UNAVAILABLE', 'Signing keys are unavailable');
  }
  if (error instanceof errors.JOSEError) return new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
  return new AuthenticationError('KEYS_UNAVAILABLE', 'Signing keys are unavailable');
}

function checkHeader(token: string, algorithms: string[]): void {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new AuthenticationError('MALFORMED_TOKEN', 'Malformed token');
  }
  if (!header.alg || !algorithms.includes(header.alg)) {
    throw new AuthenticationError('UNSUPPORTED_ALGORITHM', `Algorithm ${JSON.stringify(header.alg)} is not accepted`);
  }
  if (!header.kid) throw new AuthenticationError('UNKNOWN_KEY', 'Token has no key id');
}

export function createTokenVerifier(settings: RouterSettings): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cooldownDuration: 5_000, // at most one refetch per 5 s, however many forged kids arrive
    cacheMaxAge: 300_000,
    timeoutDuration: 5_000,
  });
  // A client sends the same token with every request: verify it once, until it expires.
  const verified = new Map<string, Identity>();

  return async (token) => {
    const cached = verified.get(token);
    if (cached && cached.expiresAt * 1000 > Date.now()) return cached;
    checkHeader(token, settings.jwtAlgorithms);
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.jwtIssuer,
        audience: settings.jwtAudience,
        algorithms: settings.jwtAlgorithms,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: 30,
      });
      const identity: Identity = {
        subject: String(payload.sub),
        organizationId: typeof payload.org === 'string' ? payload.org : undefined,
        scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
        expiresAt: Number(payload.exp),
      };
      if (verified.size >= CACHE_CAPACITY) verified.delete(verified.keys().next().value as string);
      verified.set(token, identity);
      return identity;
    } catch (error) {
      throw reason(error);
    }
  };
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
