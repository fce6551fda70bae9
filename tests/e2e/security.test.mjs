// What the page lets run: only its own script and WebAssembly. Lesson
// Markdown with raw HTML shows as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, waitBuilt } from './harness.mjs';

const env = useBrowser();

test('the Content-Security-Policy allows the app and blocks injected script', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(policy, /object-src 'none'/);
  // An inline script added to the page does not run, and says why.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true;';
    document.body.appendChild(s);
    return window.injected === true;
  });
  assert.equal(ran, false);
  assert.equal(errors.filter((e) => /violates the following Content Security Policy/.test(e)).length, 1);
  // The app itself ran without tripping the policy.
  assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
  await page.close();
});
