// OpenTelemetry for the router, with the same switches as the subgraphs
// (service_runtime/tracing/sink.py): the standard OTEL_* variables decide where spans go.
// - OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none: no tracing.
// - OTEL_TRACES_EXPORTER=otlp, or unset with OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT set: OTLP over
//   HTTP in protobuf, as the subgraphs send (the exporter reads the endpoint, headers and
//   timeout from the same variables).
// - OTEL_TRACES_EXPORTER=console: one bounded JSON log line per span at info.
// - Otherwise one line per span at debug: only a router logging at debug (LOG_LEVEL=debug)
//   traces at all, so by default the plugin is not even installed.
// Sampling follows OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (the SDK reads them); the
// subgraphs continue the router's decision through the W3C traceparent it sends them.
import type { GatewayPlugin, Logger } from '@graphql-hive/gateway';
import { hive } from '@graphql-hive/plugin-opentelemetry/api';
import { openTelemetrySetup } from '@graphql-hive/plugin-opentelemetry/setup';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** The attribute the subgraphs stamp on their spans too: one query finds a request's spans. */
export const REQUEST_ID_ATTRIBUTE = 'request.id';

const MAX_ATTRIBUTE_LENGTH = 2_000;

export type TraceSink = { kind: 'off' } | { kind: 'otlp' } | { kind: 'log'; level: 'debug' | 'info' };

export function traceSink(env: NodeJS.ProcessEnv, logLevel: Logger['level']): TraceSink {
  if (['true', '1', 'yes', 'on'].includes((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase())) return { kind: 'off' };
  const exporter = (env.OTEL_TRACES_EXPORTER ?? '').trim().toLowerCase();
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (exporter === 'none') return { kind: 'off' };
  if (exporter === 'otlp' || (!exporter && endpoint)) return { kind: 'otlp' };
  const level = exporter === 'console' || exporter === 'logging' ? 'info' : 'debug';
  const enabled = logLevel === 'trace' || logLevel === 'debug' || (level === 'info' && logLevel === 'info');
  return enabled ? { kind: 'log', level } : { kind: 'off' };
}

/** The fields of one span's log line (the logger bounds every value). */
export function spanRecord(span: ReadableSpan): Record<string, unknown> {
  const context = span.spanContext();
  const [seconds, nanos] = span.duration;
  return {
    event: 'span',
    span: span.name,
    trace_id: context.traceId,
    span_id: context.spanId,
    parent_id: span.parentSpanContext?.spanId ?? null,
    duration_ms: Math.round((seconds * 1e3 + nanos / 1e6) * 1e3) / 1e3,
    ...(span.kind !== SpanKind.INTERNAL ? { kind: SpanKind[span.kind].toLowerCase() } : {}),
    ...(span.status.code === SpanStatusCode.ERROR ? { status: 'error' } : {}),
    attributes: span.attributes,
  };
}

export class SpanLogExporter implements SpanExporter {
  constructor(
    private readonly log: Logger,
    private readonly level: 'debug' | 'info',
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) this.log[this.level](spanRecord(span), 'span');
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

/** The document's shape without its values: a client may inline a secret
 * (`login(password: "...")`), and the gateway records whole documents on its spans. Done on the
 * text, so a document cut at the attribute limit (or one that does not parse) is covered too. */
export function withoutLiterals(document: string): string {
  return document
    .replace(/"""[\s\S]*?(?:"""|$)/g, '""')
    .replace(/"(?:[^"\\\n]|\\.)*(?:"|$)/g, '""')
    .replace(/(?<![\w$])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, '0');
}

/** A span as exported: literals out of documents, the query string (GET variables) out of URLs. */
export function redacted(span: ReadableSpan): ReadableSpan {
  const { attributes } = span;
  const document = attributes['graphql.document'];
  const url = attributes['http.url'];
  if (typeof document !== 'string' && !(typeof url === 'string' && url.includes('?'))) return span;
  const safe = { ...attributes };
  if (typeof document === 'string') safe['graphql.document'] = withoutLiterals(document);
  if (typeof url === 'string') safe['http.url'] = url.split('?')[0];
  // The span's methods and other fields stay reachable through the prototype.
  return Object.create(span, { attributes: { value: safe } }) as ReadableSpan;
}

class RedactingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redacted), done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** Sets up the SDK for `sink`; true when the gateway's OpenTelemetry plugin should run. */
export function setUpTracing(sink: TraceSink, log: Logger, version: string): boolean {
  if (sink.kind === 'off') return false;
  const processor: SpanProcessor =
    sink.kind === 'otlp'
      ? new BatchSpanProcessor(new RedactingExporter(new OTLPTraceExporter()))
      : new SimpleSpanProcessor(new RedactingExporter(new SpanLogExporter(log, sink.level)));
  // No sampler given: the provider builds it from OTEL_TRACES_SAMPLER (Hive's own default
  // would sample every trace whatever the variable says).
  const tracerProvider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'router', 'service.version': version }),
    spanProcessors: [processor],
    // A hostile document is cut, as the subgraphs cut theirs (unless OTEL_* limits say more).
    ...(process.env.OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT || process.env.OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT
      ? {}
      : { spanLimits: { attributeValueLengthLimit: MAX_ATTRIBUTE_LENGTH } }),
  });
  openTelemetrySetup({ log, contextManager: new AsyncLocalStorageContextManager(), traces: { tracerProvider } });
  return true;
}

/** Only GraphQL and webhook requests are traced: health and readiness probes come every few
 * seconds and would bury them. */
export function isTracedRequest(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return path === '/graphql' || path.startsWith('/webhooks/');
}

/** Puts the request id (`requestIdOf`: the client's if well-formed, else the router's own) on
 * the request's root span, under the same name the subgraphs use. */
export function useRequestIdOnSpans(requestIdOf: (request: Request) => string | undefined): GatewayPlugin {
  return {
    onRequest({ request }) {
      const context = hive.getHttpContext(request);
      const requestId = requestIdOf(request);
      if (context && requestId) trace.getSpan(context)?.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
    },
  };
}
