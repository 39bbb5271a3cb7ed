// Checks that the router's GraphiQL works with no internet, in a real headless Chromium.
//
//   node router/scripts/graphiql-check.mjs http://127.0.0.1:4000
//   CHROMIUM_PATH=/usr/bin/chromium SCREENSHOT=/tmp/graphiql.png node router/scripts/graphiql-check.mjs <router>
//
// Opens <router>/graphql as a browser does (Accept: text/html), records every request the page
// (and its workers) makes to a host other than the router's and aborts it, types `{ __typename }`
// into the query editor, clicks the execute button and waits for the result pane to show
// `"__typename": "Query"`. Prints a one-line JSON verdict; exits 0 when the query ran and nothing
// was requested from another host, 1 otherwise. SCREENSHOT (optional) saves the final page.
import { chromium } from 'playwright-core';

const QUERY = '{ __typename }';
const EXPECTED = '"__typename": "Query"';
const TIMEOUT_MS = 20_000;

const routerArg = process.argv[2];
if (!routerArg) {
  console.error('usage: node graphiql-check.mjs <router base URL>');
  process.exit(2);
}
const router = new URL(routerArg);
const pageUrl = new URL('/graphql', router).href;
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const screenshot = process.env.SCREENSHOT || '';

const foreign = new Set(); // requests to any other host ("METHOD url"): must stay empty
const pageErrors = [];
let routerRequests = 0;

function isForeign(url) {
  const parsed = new URL(url);
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return false; // data:, blob:
  return parsed.host !== router.host;
}

/** The text a Monaco editor shows (its rendered lines; spaces are rendered as U+00A0). */
async function editorText(locator) {
  const lines = await locator.locator('.view-line').allInnerTexts();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

async function check(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Every request of the page, its frames and workers passes here: anything not for the router
  // is recorded and aborted (the machine has no internet; this makes a CDN use fail loudly).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isForeign(url)) {
      foreign.add(`${route.request().method()} ${url}`);
      return route.abort('blockedbyclient');
    }
    routerRequests += 1;
    return route.continue();
  });
  context.on('request', (request) => {
    const url = request.url();
    if (isForeign(url)) foreign.add(`${request.method()} ${url}`);
  });
  const page = await context.newPage();
  page.on('websocket', (socket) => {
    if (isForeign(socket.url())) foreign.add(`WS ${socket.url()}`);
  });
  page.on('pageerror', (error) => pageErrors.push(String(error.message ?? error)));

  const response = await page.goto(pageUrl, { waitUntil: 'load', timeout: TIMEOUT_MS });
  if (!response || response.status() !== 200) {
    throw new Error(`GET ${pageUrl} answered ${response?.status()}`);
  }
  const contentType = response.headers()['content-type'] ?? '';
  if (!contentType.includes('text/html')) throw new Error(`GET ${pageUrl} gave ${contentType}, not HTML`);

  // The query editor (GraphiQL 5: Monaco; older versions: CodeMirror).
  const editor = page.locator('.graphiql-query-editor').first();
  await editor.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const input = editor.locator('textarea, [contenteditable="true"]').first();
  await editor.locator('.view-lines, .CodeMirror-lines').first().click();
  await input.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // One input event: no keystroke-by-keystroke auto-closing brackets or completions.
  await page.keyboard.insertText(QUERY);
  const typed = (await editorText(editor)).trim();
  if (typed !== QUERY) throw new Error(`the query editor shows ${JSON.stringify(typed)}, not ${QUERY}`);

  await page.locator('.graphiql-execute-button').first().click({ timeout: TIMEOUT_MS });
  const result = page.locator('.graphiql-response').first();
  const deadline = Date.now() + TIMEOUT_MS;
  let text = '';
  while (Date.now() < deadline) {
    text = await editorText(result);
    if (text.includes(EXPECTED)) break;
    await page.waitForTimeout(100);
  }
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  if (!text.includes(EXPECTED)) {
    throw new Error(
      `no ${EXPECTED} in the result pane within ${TIMEOUT_MS} ms; it shows ${JSON.stringify(text.slice(0, 300))}`,
    );
  }
  return text.replace(/\s+/g, ' ').trim();
}

const started = Date.now();
let verdict;
let browser;
try {
  browser = await chromium.launch({
    executablePath,
    timeout: TIMEOUT_MS * 3,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const result = await check(browser);
  const ok = foreign.size === 0;
  verdict = {
    ok,
    page: pageUrl,
    result,
    routerRequests,
    foreignRequests: [...foreign],
    ...(ok ? {} : { error: `the page requested ${foreign.size} resource(s) from other hosts` }),
  };
} catch (error) {
  const message = String(error?.message ?? error).split('\n')[0];
  verdict = { ok: false, page: pageUrl, error: message, routerRequests, foreignRequests: [...foreign] };
} finally {
  await browser?.close().catch(() => {});
}
if (pageErrors.length) verdict.pageErrors = pageErrors.slice(0, 5);
verdict.elapsedMs = Date.now() - started;
console.log(JSON.stringify(verdict));
process.exit(verdict.ok ? 0 : 1);
