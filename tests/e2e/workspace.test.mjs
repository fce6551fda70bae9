// The workspace as a learner walks it: a sample, an edit that shrinks the
// image, the final image's files sorted by size and traced to their line,
// stepping through the layers, a rebuild with CACHED steps, sharing a link,
// a corrupt link, and how fast the page answers a keystroke.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import path from 'node:path';
import { openApp, urlOf, typeDockerfile, waitBuilt, finalSize, artifacts, useBrowser } from './harness.mjs';

const env = useBrowser();

before(async () => {
  await mkdir(artifacts, { recursive: true });
});

const LEAN = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM scratch\nCOPY --from=build /out/server /server\nENTRYPOINT ["/server"]\n';

/** Milliseconds from pressing `key` to the page showing the build of the new text. */
async function keystrokeToView(page, key) {
  await page.evaluate(() => {
    window.__t0 = null;
    window.__t1 = null;
    document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, { once: true, capture: true });
    const app = document.querySelector('.app');
    const observer = new MutationObserver(() => {
      if (window.__t0 !== null && window.__t1 === null && app.dataset.built === app.dataset.revision) {
        window.__t1 = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(app, { attributes: true });
  });
  await page.keyboard.press(key);
  await page.waitForFunction(() => window.__t1 !== null, null, { timeout: 30_000 });
  return page.evaluate(() => window.__t1 - window.__t0);
}

test('editing the Dockerfile shrinks the final image, and the page keeps up', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  const bloated = await finalSize(page);
  await typeDockerfile(page, LEAN);
  await waitBuilt(page);
  const lean = await finalSize(page);
  console.log(`go-server: bloated ${bloated} bytes, multi-stage ${lean} bytes`);
  assert.ok(lean < bloated / 50, `${lean} vs ${bloated}`);
  await page.screenshot({ path: path.join(artifacts, 'build-view.png'), fullPage: true });

  // A keystroke in a comment, then one that changes the image.
  await page.keyboard.type('# ');
  await waitBuilt(page);
  const times = [];
  for (const key of ['a', 'b', 'c', 'd', 'e']) times.push(await keystrokeToView(page, key));
  times.sort((a, b) => a - b);
  console.log(`keystroke to updated view, Go sample: median ${times[2].toFixed(1)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the final image tree sorts by size and says which line put a file there', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await page.getByRole('tab', { name: 'Layers' }).click();
  await page.locator('.sort').selectOption('size');
  await page.getByRole('button', { name: 'Collapse all' }).click();
  const top = await page.locator('.tree-row[aria-level="1"]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.size)));
  assert.ok(top.length > 5, `${top.length} top-level rows`);
  assert.deepEqual([...top].sort((a, b) => b - a), top, 'largest first');
  await page.screenshot({ path: path.join(artifacts, 'layers-view.png'), fullPage: true });

  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.locator('.filter').fill('bin/server');
  await page.locator('.tree-row[data-path="/usr/local/bin/server"]').click();
  const details = page.locator('.file-details');
  await details.waitFor();
  const text = await details.innerText();
  assert.match(text, /\/usr\/local\/bin\/server/);
  assert.match(text, /line 5: RUN go mod download && go build -o \/usr\/local\/bin\/server \./);
  assert.match(text, /-rwxr-xr-x/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('stepping through the layers with [ and ]', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await page.locator('h1').click();
  const label = page.locator('.timeline-label');
  const at = (layer) => page.locator(`.timeline-label[data-layer="${layer}"]`).waitFor();
  const rows = async () => Number(await page.locator('.tree-total').getAttribute('data-rows'));
  await page.keyboard.press('[');
  await label.waitFor();
  // The bloated Go image: seven golang layers, WORKDIR, COPY . ., RUN.
  await at(8);
  const copied = await rows();
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await at(6);
  const base = await rows();
  assert.ok(base < copied, `${base} entries at the base's last layer, ${copied} after COPY . .`);
  await page.keyboard.press(']');
  await at(7);
  const last = 8;
  assert.match(await label.innerText(), new RegExp(`Layer ${last} of`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a rebuild after editing a source file keeps the dependency steps CACHED', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await typeDockerfile(page, LEAN);
  await waitBuilt(page);
  await page.locator('.context-file[data-path="main.go"] .open-file').click();
  const file = page.getByLabel('Context file main.go');
  await file.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// a change\n');
  await waitBuilt(page);
  const steps = page.locator('.stage-steps[data-stage="build"] .step');
  const cached = await steps.evaluateAll((items) => items.map((li) => [li.dataset.line, !!li.querySelector('.badge.cached')]));
  assert.deepEqual(cached, [['2', true], ['3', true], ['4', true], ['5', false], ['6', false]]);
  assert.match(await page.locator('.stage-steps[data-stage="build"] .reason').first().innerText(), /COPY \. \.` changed: \/src\/main\.go/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a share link opens the same sandbox in a fresh page; a corrupt one says why', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await typeDockerfile(page, LEAN);
  await page.locator('.build-args').fill('GREETING=hello');
  await page.locator('.build-args').press('Tab');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.locator('.share-link').inputValue();
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  console.log(`share link for the Go sample: ${link.length} characters`);

  const { page: fresh, errors: freshErrors } = await openApp(env.browser, env.server, link);
  await fresh.locator('.notice').waitFor();
  assert.match(await fresh.locator('.notice').innerText(), /Loaded the shared sandbox/);
  assert.equal(await fresh.getByLabel('Dockerfile', { exact: true }).inputValue(), LEAN);
  assert.equal(await fresh.locator('.build-args').inputValue(), 'GREETING=hello');
  assert.equal(await fresh.locator('.context-file[data-path="main.go"]').count(), 1);
  await waitBuilt(fresh);
  assert.equal(await finalSize(fresh), await finalSize(page));
  // The fragment is gone: a reload shows the sandbox as kept, not the link again.
  assert.equal(new URL(fresh.url()).hash, '');
  await fresh.close();

  const { page: bad, errors: badErrors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#s=${link.split('#s=')[1].slice(0, 40)}`);
  const notice = bad.locator('.notice.error');
  await notice.waitFor();
  assert.match(await notice.innerText(), /This share link cannot be opened: /);
  await bad.goto(`${urlOf(env.server)}#s=${'%%not base64%%'}`);
  await bad.reload();
  await bad.waitForSelector('[data-ready="true"]');
  assert.match(await bad.locator('.notice.error').innerText(), /the data is damaged/);
  await bad.locator('.notice.error').waitFor();
  // The page still works: the first sample builds.
  await waitBuilt(bad);
  assert.ok((await finalSize(bad)) > 0);
  assert.deepEqual([...errors, ...freshErrors, ...badErrors], []);
  await bad.close();
  await page.close();
});

test('the image, compare and about views, for the record', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await page.getByRole('tab', { name: 'Image' }).click();
  await page.locator('.run-check').waitFor();
  assert.match(await page.locator('.run-check').innerText(), /It runs/);
  await page.screenshot({ path: path.join(artifacts, 'image-view.png'), fullPage: true });
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('The other Dockerfile').fill(LEAN);
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.locator('.compare-side .compare-size').nth(1).waitFor({ timeout: 60_000 });
  const sizes = await page.locator('.compare-size').evaluateAll((dds) => dds.map((d) => Number(d.dataset.sizeBytes)));
  assert.ok(sizes[1] < sizes[0] / 50, `${sizes}`);
  await page.screenshot({ path: path.join(artifacts, 'compare-view.png'), fullPage: true });
  await page.getByRole('tab', { name: 'About' }).click();
  await page.screenshot({ path: path.join(artifacts, 'about-view.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 20,000-file context: a keystroke rebuilds without losing keys', async () => {
  // The sandbox arrives in a share link, as a teacher would send it.
  const files = {};
  for (let i = 0; i < 20000; i++) files[`src/d${i % 100}/f${i}.txt`] = `file ${i}\n`;
  const json = JSON.stringify({ version: 1, dockerfile: 'FROM alpine:3.19\nWORKDIR /app\nCOPY . .\n', files });
  const link = `${urlOf(env.server)}#s=${deflateRawSync(json, { level: 9 }).toString('base64url')}`;
  console.log(`share link with 20,000 files: ${link.length} characters`);
  const { page, errors } = await openApp(env.browser, env.server, link);
  await waitBuilt(page);
  assert.match(await page.locator('.panel.context h2').textContent(), /20001 files/);
  const editor = page.getByLabel('Dockerfile', { exact: true });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# ');
  await waitBuilt(page);
  const times = [];
  for (const key of ['x', 'y', 'z']) times.push(await keystrokeToView(page, key));
  times.sort((a, b) => a - b);
  console.log(`20,000-file context, ms (context, build, analysis, cache): ${await page.locator('.build-panel').getAttribute('data-millis')}`);
  console.log(`keystroke to updated view, 20,000-file context: median ${times[1].toFixed(1)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  // Typed fast: every key arrives.
  await page.keyboard.type('quick typing', { delay: 5 });
  await waitBuilt(page);
  assert.match(await editor.inputValue(), /# xyzquick typing$/);
  assert.deepEqual(errors, []);
  await page.close();
});
