// The router's logger: JSON lines whose every value is bounded. The gateway logs errors with
// their causes and, at debug level, whole subgraph requests; a client's variables reach those
// attributes, and one nested 5,000 levels deep once overflowed the serializer's stack. Here
// nothing is written deeper than a few levels, no string beyond a few hundred characters and
// no line beyond a few kilobytes, so a hostile value can neither crash the logger nor be
// copied whole into a log.
import { Logger, type LogLevel, type LogWriter } from '@graphql-hive/gateway';

const MAX_DEPTH = 5;
const MAX_STRING = 300;
const MAX_MEMBERS = 20;
const MAX_LINE = 8_192;

export function truncate(text: string, max = MAX_STRING): string {
  return text.length <= max ? text : `${text.slice(0, max)}...[${text.length - max} more characters]`;
}

/** A copy of `value` within the bounds above (recursion is bounded by MAX_DEPTH). */
export function bounded(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return truncate(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol'
      ? String(value)
      : value;
  }
  if (depth >= MAX_DEPTH) return '[...]';
  if (value instanceof Error) {
    return { name: value.name, message: truncate(value.message), stack: truncate(value.stack ?? '', 2_000) };
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_MEMBERS).map((item) => bounded(item, depth + 1));
    return value.length > MAX_MEMBERS ? [...items, `[${value.length - MAX_MEMBERS} more]`] : items;
  }
  const entries = Object.entries(value);
  const copy: Record<string, unknown> = {};
  for (const [key, member] of entries.slice(0, MAX_MEMBERS)) copy[truncate(key, 100)] = bounded(member, depth + 1);
  if (entries.length > MAX_MEMBERS) copy['[more]'] = entries.length - MAX_MEMBERS;
  return copy;
}

export class BoundedJsonLogWriter implements LogWriter {
  write(level: LogLevel, attrs: unknown, msg: string | null | undefined): void {
    const record = {
      ...(attrs && typeof attrs === 'object' && !Array.isArray(attrs)
        ? (bounded(attrs) as object)
        : attrs
          ? { attrs: bounded(attrs) }
          : {}),
      level,
      ...(msg ? { msg: truncate(msg, 1_000) } : {}),
      timestamp: new Date().toISOString(),
    };
    const line = JSON.stringify(record);
    console.log(
      line.length <= MAX_LINE
        ? line
        : JSON.stringify({ level, msg: truncate(msg ?? '', 1_000), truncated: truncate(line, MAX_LINE - 1_500) }),
    );
  }
}

export function boundedLogger(): Logger {
  return new Logger({ writers: [new BoundedJsonLogWriter()] });
}

/** Keeps the router serving whatever escapes a request: a rejection nobody awaited (the
 * gateway's upstream-timeout race leaves one when a subgraph call fails synchronously) or an
 * exception thrown from a callback. Each is logged, bounded, and the process carries on; the
 * request it belonged to has already been answered (a 500 with a code) by the gateway. */
export function keepServingThroughStrayErrors(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ event: 'unhandled_rejection', error: bounded(reason) }, 'A rejection escaped a request; still serving');
  });
  process.on('uncaughtException', (error) => {
    log.error({ event: 'uncaught_exception', error: bounded(error) }, 'An exception escaped a request; still serving');
  });
}
