// localStorage full: the learner is told once, and the work stays in the
// page, exportable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useBrowser, openApp, urlOf, waitBuilt, artifacts } from './harness.mjs';

const env = useBrowser();

test('with localStorage full, the work is kept in the page and exportable', async () => {
  const { page, errors } = await openApp(env.browser, env.server, urlOf(env.server), (p) =>
    p.addInitScript(() => {
      // Fill the origin's storage to its quota before the app starts.
      const chunk = 'x'.repeat(256 * 1024);
      let i = 0;
      try {
        for (;;) {
          localStorage.setItem(`filler-${i}`, chunk);
          i += 1;
        }
      } catch {
        // Full: top up with smaller pieces.
        const small = 'y'.repeat(1024);
        try {
          for (let j = 0; ; j += 1) localStorage.setItem(`small-${j}`, small);
        } catch {
          /* full to the byte */
        }
      }
      window.fillerItems = i;
    }));
  await waitBuilt(page);
  const edited = 'FROM alpine:3.19\nRUN echo kept in the page\n';
  await page.getByLabel('Dockerfile', { exact: true }).fill(edited);
  await waitBuilt(page);
  const notice = page.locator('.notice.error');
  await notice.waitFor();
  assert.match(await notice.innerText(), /will not keep your work \(storage is full or disabled\)\. It stays in this page: use Export/);
  // Told once: after dismissing it, more edits bring no new notice.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByLabel('Dockerfile', { exact: true }).fill(`${edited}RUN echo more\n`);
  await waitBuilt(page);
  await page.waitForTimeout(600);
  assert.equal(await page.locator('.notice.error').count(), 0);
  // Export still has all of it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ]);
  const file = path.join(artifacts, 'sandbox-when-storage-is-full.json');
  await download.saveAs(file);
  const saved = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(saved.dockerfile, `${edited}RUN echo more\n`);
  assert.deepEqual(errors, []);
  await page.close();
});
