// Serves the release bundle on 127.0.0.1 and drives Debian's Chromium with
// playwright-core: what every browser test starts from.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.resolve(process.env.STAGECRAFT_DIST ?? path.join(root, 'dist'));

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves `dist` on a free port of 127.0.0.1; resolves to the server. */
export function serve(dir = dist) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export function urlOf(server) {
  return `http://127.0.0.1:${server.address().port}/`;
}

/** Debian's Chromium, headless, with nothing reaching for the network. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.STAGECRAFT_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the app and waits until the WebAssembly has started;
 * `beforeLoad(page)` runs before the page loads (to watch its requests). */
export async function openApp(browser, server, url = urlOf(server), beforeLoad = () => {}) {
  const page = await browser.newPage();
  beforeLoad(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const started = Date.now();
  await page.goto(url);
  await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  const readyMs = Date.now() - started;
  return { page, errors, readyMs };
}

/** Waits until the page has built the sandbox's current revision. */
export async function waitBuilt(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const app = document.querySelector('.app');
    return app && app.dataset.built !== '' && app.dataset.built === app.dataset.revision;
  }, null, { timeout });
}

/** The final image's size in bytes, as the top bar shows it. */
export async function finalSize(page) {
  return Number(await page.locator('.final-size-badge').getAttribute('data-size-bytes'));
}

/** Replaces the editor's text by typing, as a learner would. */
export async function typeDockerfile(page, text) {
  const editor = page.getByLabel('Dockerfile', { exact: true });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Where screenshots go: an artifact of the run, never committed. */
export const artifacts = path.resolve(process.env.STAGECRAFT_ARTIFACTS ?? path.join(root, 'test-artifacts'));

/** A test file's server and browser: started before its tests, closed after. */
export function useBrowser() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}

/** A share link's fragment (`s=...`), written the way the app writes one. */
export function shareFragment(dockerfile, files = {}) {
  const json = JSON.stringify({ version: 1, dockerfile, files, options: {} });
  return `s=${deflateRawSync(Buffer.from(json), { level: 9 }).toString('base64url')}`;
}

/** Milliseconds for the page to answer a click: a frame after it. */
export async function responseMs(page) {
  const started = Date.now();
  await page.getByRole('tab', { name: 'Image' }).click();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  return Date.now() - started;
}

/** A page of its own storage, with its errors collected: a context that
 * a test can crash or leave, and open again. */
export async function openInContext(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  return { page, errors };
}
