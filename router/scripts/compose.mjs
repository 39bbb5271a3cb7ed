// Compose the subgraphs listed in supergraph.yaml (rover's config format) into supergraph.graphql
// with @apollo/composition, the library inside rover's supergraph plugin.
//
//   node router/scripts/compose.mjs            write supergraph.graphql
//   node router/scripts/compose.mjs --check    fail when the committed file differs
//   options: --config <supergraph.yaml> --out <supergraph.graphql>
//
// A composition error prints the library's own messages and codes and writes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { composeServices } from '@apollo/composition';
import { GraphQLError, Source, parse } from 'graphql';
import YAML from 'yaml';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @typedef {{ name: string, typeDefs: import('graphql').DocumentNode, url: string }} ServiceDefinition
 */

/**
 * Read rover's config and each subgraph's schema file (relative to the config's folder, as in rover).
 * @param {string} configPath
 * @returns {ServiceDefinition[]}
 */
function loadSubgraphs(configPath) {
  const config = YAML.parse(readFileSync(configPath, 'utf8'));
  return Object.entries(config.subgraphs ?? {}).map(([name, entry]) => {
    const file = resolve(dirname(configPath), entry.schema.file);
    const typeDefs = parse(new Source(readFileSync(file, 'utf8'), file));
    return { name, typeDefs, url: entry.routing_url };
  });
}

/**
 * A short unified-style diff: the one hunk between the common prefix and suffix, with context.
 * @param {string} committed
 * @param {string} produced
 * @param {string} label
 */
function shortDiff(committed, produced, label) {
  const a = committed.split('\n');
  const b = produced.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--);
  const context = 3;
  const before = a.slice(Math.max(0, start - context), start);
  const after = a.slice(endA, endA + context);
  const from = start - before.length + 1;
  const oldCount = before.length + (endA - start) + after.length;
  const newCount = before.length + (endB - start) + after.length;
  const lines = [
    `--- ${label} (committed)`,
    '+++ composed from supergraph.yaml',
    `@@ -${from},${oldCount} +${from},${newCount} @@`,
    ...before.map((line) => ` ${line}`),
    ...a.slice(start, endA).map((line) => `-${line}`),
    ...b.slice(start, endB).map((line) => `+${line}`),
    ...after.map((line) => ` ${line}`),
  ];
  const limit = 60;
  if (lines.length > limit) lines.splice(limit, Infinity, `... (${lines.length - limit} more lines)`);
  return lines.join('\n');
}

function main() {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      config: { type: 'string', default: resolve(REPO_ROOT, 'supergraph.yaml') },
      out: { type: 'string', default: resolve(REPO_ROOT, 'supergraph.graphql') },
    },
  });
  const configPath = resolve(values.config);
  const outPath = resolve(values.out);
  const shortPath = relative(process.cwd(), outPath);
  const label = shortPath.startsWith('..') ? outPath : shortPath;

  const result = composeServices(loadSubgraphs(configPath));
  if (result.errors) {
    console.error(`composition of ${configPath} failed with ${result.errors.length} error(s):`);
    for (const error of result.errors) {
      console.error(`  [${error.extensions?.code ?? 'ERROR'}] ${error.message}`);
    }
    return 1;
  }
  const produced = result.supergraphSdl.trimEnd() + '\n';

  if (!values.check) {
    writeFileSync(outPath, produced);
    console.log(`wrote ${label}`);
    return 0;
  }
  if (!existsSync(outPath)) {
    console.error(`${label} is missing; run \`devstack schemas\` and commit it`);
    return 1;
  }
  const committed = readFileSync(outPath, 'utf8');
  if (committed !== produced) {
    console.error(`${label} differs from the composed supergraph; run \`devstack schemas\`\n`);
    console.error(shortDiff(committed, produced, label));
    return 1;
  }
  console.log(`${label} is up to date`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  // A missing schema file or an SDL syntax error: the message says which, a stack trace would not
  // help. A GraphQLError's toString adds the file, line and the offending source line.
  const message = error instanceof GraphQLError ? error.toString() : error instanceof Error ? error.message : error;
  console.error(`compose: ${message}`);
  process.exitCode = 1;
}
