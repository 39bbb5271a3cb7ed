// src/persisted.ts: the persisted-query store, loaded from Apollo-format manifests in a
// directory and reloaded when a file there changes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test, type TestContext } from 'node:test';
import type { GraphQLParams } from 'graphql-yoga';
import { PersistedOperations, persistedOperationId } from '../src/persisted.ts';

const ME = { id: 'a'.repeat(64), name: 'Me', type: 'query', body: 'query Me { me { id } }' };
const INVOICES = { id: 'b'.repeat(64), name: 'Invoices', type: 'query', body: 'query Invoices { invoices { id } }' };

let directory: string;

function manifest(operations: object[]): string {
  return JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations });
}

/** The store's JSON log lines, parsed (they would otherwise clutter the test output). */
function logLines(t: TestContext): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const record = (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>);
  t.mock.method(console, 'log', record);
  t.mock.method(console, 'error', record);
  return lines;
}

async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'router-test-persisted-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('PersistedOperations', () => {
  test('serves every operation of every manifest by id', (t) => {
    logLines(t);
    writeFileSync(join(directory, 'web.json'), manifest([ME]));
    writeFileSync(join(directory, 'mobile.json'), manifest([INVOICES]));
    const store = new PersistedOperations(directory);
    assert.equal(store.size, 2);
    assert.equal(store.get(ME.id), ME.body);
    assert.equal(store.get(INVOICES.id), INVOICES.body);
    assert.equal(store.get('c'.repeat(64)), null);
  });

  test('reads only .json files', (t) => {
    logLines(t);
    writeFileSync(join(directory, 'notes.txt'), manifest([ME]));
    assert.equal(new PersistedOperations(directory).size, 0);
  });

  test('a missing directory means no persisted operations', (t) => {
    const lines = logLines(t);
    const store = new PersistedOperations(join(directory, 'absent'));
    assert.equal(store.size, 0);
    assert.deepEqual(lines, [{ level: 'info', event: 'persisted_manifests_loaded', operations: 0, files: 0 }]);
  });

  test('a broken or foreign manifest is logged and skipped, the others still served', (t) => {
    const lines = logLines(t);
    writeFileSync(join(directory, 'good.json'), manifest([ME]));
    writeFileSync(join(directory, 'broken.json'), '{"format": ');
    writeFileSync(join(directory, 'foreign.json'), JSON.stringify({ format: 'relay', version: 1, operations: [] }));
    writeFileSync(
      join(directory, 'future.json'),
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [INVOICES] }),
    );
    const store = new PersistedOperations(directory);
    assert.equal(store.size, 1);
    assert.equal(store.get(ME.id), ME.body);
    assert.equal(store.get(INVOICES.id), null);
    const refused = lines.filter((line) => line.event === 'persisted_manifest_invalid').map((line) => line.file);
    assert.deepEqual(refused.sort(), ['broken.json', 'foreign.json', 'future.json']);
  });

  test('reloads when a manifest is added, changed or removed', async (t) => {
    logLines(t);
    const store = new PersistedOperations(directory);
    assert.equal(store.size, 0);
    writeFileSync(join(directory, 'web.json'), manifest([ME]));
    await eventually(() => store.get(ME.id) === ME.body, 'the added manifest is served');
    writeFileSync(join(directory, 'web.json'), manifest([ME, INVOICES]));
    await eventually(() => store.size === 2, 'the changed manifest is served');
    rmSync(join(directory, 'web.json'));
    await eventually(() => store.size === 0, 'the removed manifest is no longer served');
  });
});

describe('persistedOperationId', () => {
  const params = (extra: object) => ({ query: undefined, ...extra }) as GraphQLParams;

  test("reads Apollo's APQ hash", () => {
    assert.equal(
      persistedOperationId(params({ extensions: { persistedQuery: { version: 1, sha256Hash: ME.id } } })),
      ME.id,
    );
  });

  test('reads a top-level documentId', () => {
    assert.equal(persistedOperationId(params({ documentId: ME.id })), ME.id);
  });

  test('is null without an id, or when the id is not a string', () => {
    assert.equal(persistedOperationId(params({ query: '{ me { id } }' })), null);
    assert.equal(persistedOperationId(params({ extensions: { persistedQuery: { sha256Hash: 42 } } })), null);
    assert.equal(persistedOperationId(params({ documentId: ['x'] })), null);
  });
});
