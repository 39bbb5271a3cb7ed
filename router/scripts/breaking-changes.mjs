// Breaking changes of the client-facing API schema between a base revision and the working tree,
// found by graphql-inspector. A break fails unless router/breaking-changes-allowed.yaml allows it.
//
//   node router/scripts/breaking-changes.mjs [--base <git rev>]
//     base: --base, else $SCHEMA_BASE_REF, else HEAD~1; the old schema is <rev>:supergraph.graphql
//   node router/scripts/breaking-changes.mjs --old <file> --new <file> [--allow <file>]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import YAML from 'yaml';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SUPERGRAPH = 'supergraph.graphql';

/**
 * @typedef {{ path: string, reason: string }} Allowance
 * @typedef {import('@graphql-inspector/core').Change} Change
 */

/**
 * The schema clients see: the supergraph without its join__/link machinery and inaccessible parts.
 * Feature support is not checked (supportedFeatures: null) because that is the router's concern,
 * e.g. @authenticated is for: SECURITY, which the library refuses by default.
 * @param {string} supergraphSdl
 */
function apiSchema(supergraphSdl) {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
}

/**
 * The committed supergraph at a git revision, or why there is none.
 * @param {string} rev
 * @returns {{ sdl: string } | { missing: string }}
 */
function supergraphAt(rev) {
  /** @param {string[]} args */
  const git = (...args) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
  try {
    git('rev-parse', '--verify', '--quiet', `${rev}^{commit}`);
  } catch {
    return { missing: `revision ${rev} does not exist here (a shallow clone or the first commit?)` };
  }
  try {
    return { sdl: git('show', `${rev}:${SUPERGRAPH}`) };
  } catch {
    return { missing: `${SUPERGRAPH} does not exist at ${rev}` };
  }
}

/**
 * @param {string} file
 * @returns {Allowance[]}
 */
function loadAllowances(file) {
  const allowed = YAML.parse(readFileSync(file, 'utf8'))?.allowed ?? [];
  for (const entry of allowed) {
    if (typeof entry?.path !== 'string' || typeof entry?.reason !== 'string' || !entry.reason.trim()) {
      throw new Error(`${file}: every entry needs a path and a reason, got ${JSON.stringify(entry)}`);
    }
  }
  return allowed;
}

async function main() {
  const { values } = parseArgs({
    options: {
      base: { type: 'string', default: process.env.SCHEMA_BASE_REF || 'HEAD~1' },
      old: { type: 'string' },
      new: { type: 'string', default: resolve(REPO_ROOT, SUPERGRAPH) },
      allow: { type: 'string', default: resolve(REPO_ROOT, 'router/breaking-changes-allowed.yaml') },
    },
  });
  let oldSdl;
  let baseline;
  if (values.old) {
    oldSdl = readFileSync(values.old, 'utf8');
    baseline = values.old;
  } else {
    const found = supergraphAt(values.base);
    if ('missing' in found) {
      console.log(`breaking changes: no baseline, nothing to compare (${found.missing})`);
      return 0;
    }
    oldSdl = found.sdl;
    baseline = `${values.base}:${SUPERGRAPH}`;
  }

  const changes = await diff(apiSchema(oldSdl), apiSchema(readFileSync(values.new, 'utf8')));
  const breaking = changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking);
  const allowances = new Map(loadAllowances(values.allow).map((entry) => [entry.path, entry.reason]));

  /** @type {Change[]} */
  const refused = [];
  for (const change of breaking) {
    const reason = change.path === undefined ? undefined : allowances.get(change.path);
    if (reason === undefined) {
      refused.push(change);
    } else {
      console.log(`allowed breaking change at ${change.path}: ${change.message} (reason: ${reason})`);
    }
  }
  for (const change of refused) {
    console.error(`BREAKING at ${change.path ?? '(schema)'}: ${change.message}`);
  }
  // Dangerous changes (a new enum value, a changed default) pass, but clients may want to know.
  const dangerous = changes.filter((change) => change.criticality.level === CriticalityLevel.Dangerous);
  for (const change of dangerous) {
    console.log(`dangerous change at ${change.path ?? '(schema)'}: ${change.message}`);
  }
  const safe = changes.length - breaking.length - dangerous.length;
  console.log(
    `compared against ${baseline}: ${breaking.length} breaking (${refused.length} not allowed), ` +
      `${dangerous.length} dangerous, ${safe} safe`,
  );
  if (refused.length > 0) {
    console.error(
      'to break clients on purpose, tell them, then add {path, reason} to ' + 'router/breaking-changes-allowed.yaml',
    );
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`breaking changes: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
