// Persisted-query manifests in Apollo's format (what @apollo/generate-persisted-query-manifest
// and the Apollo iOS/Kotlin clients produce), loaded from a directory and reloaded on change:
//   {"format": "apollo-persisted-query-manifest", "version": 1,
//    "operations": [{"id": "<sha256>", "name": "...", "type": "query", "body": "..."}]}
import { existsSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLParams } from 'graphql-yoga';

interface Manifest {
  format: string;
  version: number;
  operations: { id: string; name?: string; type?: string; body: string }[];
}

export class PersistedOperations {
  private operations = new Map<string, string>();

  constructor(private readonly directory: string) {
    this.reload();
    if (existsSync(directory)) {
      // Debounced: editors write a file in several steps.
      let timer: NodeJS.Timeout | undefined;
      watch(directory, () => {
        clearTimeout(timer);
        timer = setTimeout(() => this.reload(), 100);
      }).unref();
    }
  }

  get size(): number {
    return this.operations.size;
  }

  get(id: string): string | null {
    return this.operations.get(id) ?? null;
  }

  reload(): void {
    const next = new Map<string, string>();
    const files = existsSync(this.directory)
      ? readdirSync(this.directory).filter((name) => name.endsWith('.json'))
      : [];
    for (const file of files) {
      try {
        const manifest = JSON.parse(readFileSync(join(this.directory, file), 'utf8')) as Manifest;
        if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1) {
          throw new Error(`unsupported manifest format ${manifest.format} v${manifest.version}`);
        }
        for (const operation of manifest.operations) next.set(operation.id, operation.body);
      } catch (error) {
        // A broken file must not unload the manifests that are fine: keep serving the rest.
        console.error(
          JSON.stringify({ level: 'error', event: 'persisted_manifest_invalid', file, error: String(error) }),
        );
      }
    }
    this.operations = next;
    console.log(
      JSON.stringify({
        level: 'info',
        event: 'persisted_manifests_loaded',
        operations: next.size,
        files: files.length,
      }),
    );
  }
}

/** Apollo's APQ extension (`extensions.persistedQuery.sha256Hash`) or a top-level `documentId`. */
export function persistedOperationId(params: GraphQLParams): string | null {
  const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = extensions?.persistedQuery?.sha256Hash;
  if (typeof hash === 'string') return hash;
  const documentId = (params as { documentId?: unknown }).documentId;
  return typeof documentId === 'string' ? documentId : null;
}
