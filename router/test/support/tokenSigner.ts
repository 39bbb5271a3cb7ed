// Tokens as the auth service issues them, and the vectors of token_vectors.json built from them
// (the TypeScript twin of devstack/devstack/token_vectors.py), with a JWKS endpoint serving the
// signing key.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export interface Vector {
  name: string;
  expect: string | null;
  claims?: Record<string, unknown>;
  drop?: string[];
  header?: Record<string, unknown>;
  payload?: string;
  pad?: number;
}

const VECTORS_URL = new URL('../../../service_runtime/service_runtime/token_vectors.json', import.meta.url);
export const VECTORS = (JSON.parse(readFileSync(VECTORS_URL, 'utf8')) as { vectors: Vector[] }).vectors;

export interface IssuedClaims {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  org?: string;
  role: string;
  scope?: string;
  ver?: number;
  iat: number;
  exp: number;
  jti: string;
}

export const ISSUER = 'test-issuer';
export const AUDIENCE = 'test-audience';

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export class TokenSigner {
  private constructor(
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
  ) {}

  static async create(alg = 'RS256', kid: string = randomUUID()): Promise<TokenSigner> {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    return new TokenSigner(kid, privateKey, { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
  }

  /** What the auth service puts in an access token. */
  issuedClaims(): IssuedClaims {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: randomUUID(),
      sid: randomUUID(),
      org: randomUUID(),
      role: 'viewer',
      scope: 'org:read',
      ver: 0,
      iat: now,
      exp: now + 600,
      jti: randomUUID(),
    };
  }

  async sign(claims: object, header: Record<string, unknown> = {}): Promise<string> {
    const payload = new TextEncoder().encode(JSON.stringify(claims));
    return new CompactSign(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid, ...header })
      .sign(this.privateKey);
  }

  /** The token of a vector: an issued token that differs from it in one respect. */
  async token(vector: Vector): Promise<string> {
    const claims: Record<string, unknown> = { ...this.issuedClaims(), ...this.overrides(vector.claims ?? {}) };
    for (const name of vector.drop ?? []) delete claims[name];
    if (vector.pad !== undefined) claims.pad = 'x'.repeat(vector.pad);
    const header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: this.kid, ...vector.header };
    for (const [name, value] of Object.entries(header)) if (value === null) delete header[name];
    const payload = new TextEncoder().encode(vector.payload ?? JSON.stringify(claims));
    if (header.alg === 'none')
      return `${base64url(JSON.stringify(header))}.${Buffer.from(payload).toString('base64url')}.`;
    return new CompactSign(payload).setProtectedHeader({ ...header, alg: 'RS256' }).sign(this.privateKey);
  }

  private overrides(claims: Record<string, unknown>): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const value = (claim: unknown): unknown => {
      if (typeof claim === 'object' && claim !== null && '$now' in claim) return now + (claim.$now as number);
      if (Array.isArray(claim)) return claim.map((item) => (item === '$audience' ? AUDIENCE : item) as unknown);
      return claim;
    };
    return Object.fromEntries(Object.entries(claims).map(([name, claim]) => [name, value(claim)]));
  }
}

/** The auth service's /.well-known/jwks.json, serving the given keys. */
export async function serveJwks(keys: JWK[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/.well-known/jwks.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
