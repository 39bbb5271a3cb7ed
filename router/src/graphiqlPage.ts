// GraphiQL, served by the router itself rather than by the gateway: the page inlines the whole
// editor (about 9 MB), which the gateway rendered and sent uncompressed on every visit. It is
// rendered once, compressed once per encoding (Brotli, gzip) at start-up, and sent with an
// ETag so a browser revalidates with a 304 instead of downloading it again.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

type Encoding = 'br' | 'gzip' | 'identity';

const compressors: Record<Exclude<Encoding, 'identity'>, (html: Buffer) => Promise<NonSharedBuffer>> = {
  // Brotli quality 5 of 11 is within 5 % of quality 9's size in a tenth of the time (2 s
  // against 18 s for this page on a busy machine); gzip's default level likewise.
  br: (html) => promisify(brotliCompress)(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (html) => promisify(gzip)(html, { level: 6 }),
};

/** The best encoding the client accepts (a q=0 entry refuses one). */
export function chooseEncoding(acceptEncoding: string | null): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const wildcard = accepted.get('*');
  for (const encoding of ['br', 'gzip'] as const) {
    if ((accepted.get(encoding) ?? wildcard ?? 0) > 0) return encoding;
  }
  return 'identity';
}

export function useGraphiQLPage(options: { title: string; defaultQuery: string }): GatewayPlugin {
  const html = Buffer.from(renderGraphiQL(options));
  const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`;
  // Compressed off the event loop (zlib's thread pool) from start-up on, once each.
  const bodies: Record<Encoding, Promise<NonSharedBuffer>> = {
    identity: Promise.resolve(html),
    br: compressors.br(html),
    gzip: compressors.gzip(html),
  };
  return {
    async onRequest({ request, url, endResponse }) {
      // The gateway's own rule: a browser's GET of the GraphQL endpoint asking for HTML.
      if (
        url.pathname !== '/graphql' ||
        request.method !== 'GET' ||
        !request.headers.get('accept')?.includes('text/html')
      )
        return;
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      const headers: Record<string, string> = {
        'content-type': 'text/html; charset=utf-8',
        etag,
        // Stored, but revalidated on every visit: a new router version brings a new page.
        'cache-control': 'no-cache',
        vary: 'Accept-Encoding',
      };
      const match = request.headers.get('if-none-match');
      if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        endResponse(new Response(null, { status: 304, headers }));
        return;
      }
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      endResponse(new Response(await bodies[encoding], { status: 200, headers }));
    },
  };
}
