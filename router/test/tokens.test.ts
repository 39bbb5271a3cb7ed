// src/tokens.ts and src/tokenPolicy.ts: every vector of token_vectors.json gets the answer the
// subgraphs give, and the verifier's own refusals (keys, signature, algorithm, revocation).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RevocationCheck, RevocationSubject } from '../src/revocation.ts';
import { loadSettings, type RouterSettings } from '../src/settings.ts';
import { AuthenticationError, bearerToken, createTokenVerifier, type TokenVerifier } from '../src/tokens.ts';
import { AUDIENCE, ISSUER, serveJwks, TokenSigner, VECTORS } from './support/tokenSigner.ts';

let signer: TokenSigner;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
const verifiers: TokenVerifier[] = [];

function settings(overrides: Partial<RouterSettings> = {}): RouterSettings {
  return {
    ...loadSettings(),
    jwksUrl: jwks.url,
    jwtIssuer: ISSUER,
    jwtAudience: AUDIENCE,
    jwtAlgorithms: ['RS256'],
    revocationRedisUrl: undefined,
    ...overrides,
  };
}

/** A verifier with no Redis, or with the given revocation check. */
function verifier(overrides: Partial<RouterSettings> = {}, revocations?: RevocationCheck): TokenVerifier {
  const verify = createTokenVerifier(settings(overrides), revocations);
  verifiers.push(verify);
  return verify;
}

function refusedWith(code: string) {
  return (error: unknown) => error instanceof AuthenticationError && error.code === code;
}

before(async () => {
  signer = await TokenSigner.create();
  jwks = await serveJwks([signer.publicJwk]);
});

after(async () => {
  for (const verify of verifiers) await verify.close?.();
  await jwks.close();
});

describe('token_vectors.json', () => {
  for (const vector of VECTORS) {
    test(`${vector.name}: ${vector.expect ?? 'accepted'}`, async () => {
      const verify = verifier();
      const token = await signer.token(vector);
      if (vector.expect === null) await verify(token);
      else await assert.rejects(verify(token), refusedWith(vector.expect));
    });
  }
});

describe('createTokenVerifier', () => {
  test("an accepted token's identity", async () => {
    const claims = { ...signer.issuedClaims(), scope: 'org:read  org:write', ver: 3 };
    const identity = await verifier()(await signer.sign(claims));
    assert.deepEqual(identity, {
      subject: claims.sub,
      organizationId: claims.org,
      scopes: ['org:read', 'org:write'],
      expiresAt: claims.exp,
      sessionId: claims.sid,
      tokenVersion: 3,
    });
  });

  test('a token without an organisation, scopes or version', async () => {
    const { org: _org, scope: _scope, ver: _ver, ...claims } = signer.issuedClaims();
    const identity = await verifier()(await signer.sign(claims));
    assert.equal(identity.organizationId, undefined);
    assert.deepEqual(identity.scopes, []);
    assert.equal(identity.tokenVersion, 0);
  });

  test('a key the JWKS does not hold', async () => {
    const stranger = await TokenSigner.create();
    const token = await stranger.sign(stranger.issuedClaims());
    await assert.rejects(verifier()(token), refusedWith('UNKNOWN_KEY'));
  });

  test('a signature that does not verify with the key of its kid', async () => {
    const forger = await TokenSigner.create('RS256', signer.kid);
    const token = await forger.sign(forger.issuedClaims());
    await assert.rejects(verifier()(token), refusedWith('INVALID_SIGNATURE'));
  });

  test('an algorithm the policy allows but the settings do not', async () => {
    const token = await signer.sign(signer.issuedClaims());
    await assert.rejects(verifier({ jwtAlgorithms: ['ES256'] })(token), refusedWith('UNSUPPORTED_ALGORITHM'));
  });

  test('a symmetric algorithm, never in the policy', async () => {
    const [, payload = '', signature = ''] = (await signer.sign(signer.issuedClaims())).split('.');
    const hs256 = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: signer.kid })).toString('base64url');
    await assert.rejects(verifier()(`${hs256}.${payload}.${signature}`), refusedWith('UNSUPPORTED_ALGORITHM'));
  });

  test('signing keys that cannot be fetched', async () => {
    const gone = await serveJwks([]);
    await gone.close();
    const token = await signer.sign(signer.issuedClaims());
    await assert.rejects(verifier({ jwksUrl: gone.url })(token), refusedWith('KEYS_UNAVAILABLE'));
  });

  test('a token verified once stops verifying when it expires', async (t) => {
    const verify = verifier();
    const token = await signer.sign(signer.issuedClaims());
    await verify(token);
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 640_000 }); // past exp + the clock skew
    await assert.rejects(verify(token), refusedWith('TOKEN_EXPIRED'));
  });

  test('revocation is asked on every request, also for a token already verified', async () => {
    const asked: RevocationSubject[] = [];
    let revoked = false;
    const revocations: RevocationCheck = {
      isRevoked: (subject) => {
        asked.push(subject);
        return Promise.resolve(revoked);
      },
      close: () => Promise.resolve(),
    };
    const verify = verifier({}, revocations);
    const claims = signer.issuedClaims();
    const token = await signer.sign(claims);
    await verify(token);
    revoked = true;
    await assert.rejects(verify(token), refusedWith('TOKEN_REVOKED'));
    assert.equal(asked.length, 2);
    assert.equal(asked[1]?.sessionId, claims.sid);
  });
});

describe('bearerToken', () => {
  test('takes the token of a Bearer authorization, in any case of the scheme', () => {
    assert.equal(bearerToken('Bearer abc.def.ghi'), 'abc.def.ghi');
    assert.equal(bearerToken('  bearer   abc.def.ghi '), 'abc.def.ghi');
  });

  test('is undefined without an authorization', () => {
    assert.equal(bearerToken(null), undefined);
    assert.equal(bearerToken(''), undefined);
  });

  test('refuses another scheme or a missing token', () => {
    for (const authorization of ['Basic dXNlcjpwdw==', 'Bearer', `Token ${randomUUID()}`]) {
      assert.throws(() => bearerToken(authorization), refusedWith('MALFORMED_TOKEN'));
    }
  });
});
