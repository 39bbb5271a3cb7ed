// The access-token claim rules of service_runtime/service_runtime/token_policy.json, the file
// every subgraph enforces too (service_runtime/token_policy.py mirrors this check for check,
// in the same order, so both give the same answer and reason code for any token).
import { readFileSync } from 'node:fs';
import { AuthenticationError } from './tokenErrors.ts';

export interface TokenPolicy {
  max_token_bytes: number;
  allowed_algorithms: string[];
  clock_skew_seconds: number;
  max_lifetime_seconds: number;
  required_claims: string[];
  numeric_date_claims: string[];
  uuid_claims: string[];
  uuid_pattern: string;
  string_claims: string[];
  counter_claims: string[];
  max_counter: number;
  claim_checks: string[];
  revocation: { session_key_prefix: string; membership_version_key_prefix: string; cache_seconds: number };
}

// The same relative path in the repository and in the router image (router/Dockerfile).
const POLICY_URL = new URL('../../service_runtime/service_runtime/token_policy.json', import.meta.url);
export const POLICY = JSON.parse(readFileSync(POLICY_URL, 'utf8')) as TokenPolicy;
const UUID = new RegExp(POLICY.uuid_pattern);

type Claims = Record<string, unknown>;

function invalid(message: string): AuthenticationError {
  return new AuthenticationError('INVALID_CLAIMS', message);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function checks(issuer: string, audience: string, now: number): Record<string, (claims: Claims) => void> {
  const skew = POLICY.clock_skew_seconds;
  return {
    required(claims) {
      const missing = POLICY.required_claims.find((name) => !(name in claims));
      if (missing) throw invalid(`Token lacks the ${missing} claim`);
    },
    numeric_dates(claims) {
      for (const name of POLICY.numeric_date_claims) {
        if (name in claims && !isNumber(claims[name])) throw invalid(`The ${name} claim is not a date`);
      }
    },
    issuer(claims) {
      if (claims.iss !== issuer) throw new AuthenticationError('INVALID_ISSUER', 'Wrong issuer');
    },
    audience(claims) {
      const aud = claims.aud;
      if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) {
        throw new AuthenticationError('INVALID_AUDIENCE', 'Wrong audience');
      }
    },
    expiry(claims) {
      if (now - skew >= (claims.exp as number)) throw new AuthenticationError('TOKEN_EXPIRED', 'Token has expired');
    },
    not_before(claims) {
      if ('nbf' in claims && (claims.nbf as number) > now + skew) throw invalid('Token is not valid yet');
    },
    issued_at(claims) {
      if ((claims.iat as number) > now + skew) throw invalid('Token was issued in the future');
    },
    lifetime(claims) {
      if ((claims.exp as number) - (claims.iat as number) > POLICY.max_lifetime_seconds) {
        throw invalid('Token lifetime is longer than accepted');
      }
    },
    uuids(claims) {
      for (const name of POLICY.uuid_claims) {
        const value = claims[name];
        if (name in claims && !(typeof value === 'string' && UUID.test(value)))
          throw invalid(`The ${name} claim is not a UUID`);
      }
    },
    strings(claims) {
      for (const name of POLICY.string_claims) {
        if (name in claims && typeof claims[name] !== 'string') throw invalid(`The ${name} claim is not a string`);
      }
    },
    counters(claims) {
      for (const name of POLICY.counter_claims) {
        if (!(name in claims)) continue;
        const value = claims[name];
        if (!(isNumber(value) && Number.isInteger(value))) throw invalid(`The ${name} claim is not a counter`);
        if (value < 0 || value > POLICY.max_counter) throw invalid(`The ${name} claim is out of range`);
      }
    },
  };
}

/** Throws AuthenticationError with the first failing check's reason code. */
export function checkClaims(claims: Claims, issuer: string, audience: string, now: number = Date.now() / 1000): void {
  const byName = checks(issuer, audience, now);
  for (const name of POLICY.claim_checks) {
    const check = byName[name];
    if (!check) throw new Error(`token_policy.json names an unknown check: ${name}`);
    check(claims);
  }
}
