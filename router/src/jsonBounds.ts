// How deep and how big a parsed JSON value is, measured without recursion: a recursive walker
// (a logger, a serializer, the query planner) overflows the stack on a value nested a few
// thousand levels deep, and one anonymous request carrying one would take the router down.
// JSON.parse itself is iterative in V8, so the body is parsed first and measured here.

export interface JsonBounds {
  maxDepth: number;
  maxNodes: number;
}

export type BoundsVerdict = 'ok' | 'too_deep' | 'too_many_nodes';

/** Walks `value` breadth-first and stops at the first bound exceeded. The value itself is at
 * depth 1; every object or array member is one level deeper than its container. */
export function measureJson(value: unknown, bounds: JsonBounds): BoundsVerdict {
  let level: unknown[] = [value];
  let depth = 0;
  let nodes = 0;
  while (level.length > 0) {
    depth += 1;
    if (depth > bounds.maxDepth) return 'too_deep';
    const next: unknown[] = [];
    for (const node of level) {
      nodes += 1;
      if (nodes > bounds.maxNodes) return 'too_many_nodes';
      if (Array.isArray(node)) {
        for (const member of node) next.push(member);
      } else if (node !== null && typeof node === 'object') {
        for (const member of Object.values(node)) next.push(member);
      }
      if (nodes + next.length > bounds.maxNodes) return 'too_many_nodes';
    }
    level = next;
  }
  return 'ok';
}
