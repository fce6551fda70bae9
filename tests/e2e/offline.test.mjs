// After one visit the app works with the network off: the service worker
// keeps the bundle and the data the Go sample's build fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, urlOf, waitBuilt, finalSize } from './harness.mjs';

const env = useBrowser();

test('the app loads and builds the Go sample offline after a first visit', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(urlOf(env.server));
  await page.waitForSelector('[data-ready="true"]');
  await waitBuilt(page);
  await page.waitForLoadState('networkidle');
  const online = await finalSize(page);
  // The worker is in charge, and has the golang image's data.
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller);
  // Ask the worker, as the page does, to cache everything this visit
  // loaded; it answers when all of it is stored. Before, an older version
  // of the app left its bundle in the cache.
  const old = ['stagecraft-0123456789abcdef_bg.wasm', 'stagecraft-0123456789abcdef.js', 'other-0123456789abcdef.js'];
  const reply = await page.evaluate(async (old) => {
    const cache = await caches.open('stagecraft-v1');
    for (const name of old) await cache.put(new URL(name, location.href).href, new Response('old'));
    const registration = await navigator.serviceWorker.ready;
    const urls = [location.href.split('#')[0], ...performance.getEntriesByType('resource').map((e) => e.name)];
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      registration.active.postMessage({ cache: urls }, [channel.port2]);
    });
  }, old);
  assert.equal(reply.missing, 0);
  // The old versions of this page's bundle files are gone; a file of
  // another name, and this version's files, stay.
  const kept = await page.evaluate(async () => {
    const cache = await caches.open('stagecraft-v1');
    return (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1));
  });
  assert.equal(reply.dropped, 2);
  assert.ok(!kept.includes(old[0]) && !kept.includes(old[1]), kept.join(' '));
  assert.ok(kept.includes(old[2]), kept.join(' '));
  assert.ok(kept.some((name) => /^stagecraft-[0-9a-f]{12,16}_bg\.wasm$/.test(name) && name !== old[0]), kept.join(' '));
  console.log(`cached for offline use: ${reply.cached} files`);

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  await waitBuilt(page);
  assert.equal(await finalSize(page), online);
  assert.equal(await page.locator('.notice.error').count(), 0);
  // An edit still builds.
  await page.getByLabel('Dockerfile', { exact: true }).fill('FROM golang:1.22\nRUN go version\n');
  await waitBuilt(page);
  assert.ok((await finalSize(page)) > 700e6);
  assert.deepEqual(errors, []);
  await context.close();
});
