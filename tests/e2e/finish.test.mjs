// Fit and finish: export and import a sandbox file (and a bad one), the
// shortcuts overlay, themes, large type, the gutter's notes, and a
// 768-pixel-wide screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openApp, typeDockerfile, waitBuilt, artifacts, useBrowser } from './harness.mjs';

const env = useBrowser();

test('export writes the sandbox; import reads it back; a bad file is refused', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await typeDockerfile(page, 'FROM alpine:3.19\nCOPY main.go /src/\n');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'stagecraft-sandbox.json');
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(saved.version, 1);
  assert.equal(saved.dockerfile, 'FROM alpine:3.19\nCOPY main.go /src/\n');
  assert.ok('main.go' in saved.files);

  const { page: other } = await openApp(env.browser, env.server);
  await other.getByLabel('Import a sandbox file').setInputFiles({
    name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)),
  });
  await other.locator('.notice').waitFor();
  assert.match(await other.locator('.notice').innerText(), /Loaded mine\.json/);
  assert.equal(await other.getByLabel('Dockerfile', { exact: true }).inputValue(), saved.dockerfile);
  await other.getByLabel('Import a sandbox file').setInputFiles({
    name: 'evil.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...saved, files: { '../../etc/passwd': 'x' } })),
  });
  await other.locator('.notice.error').waitFor();
  assert.match(await other.locator('.notice.error').innerText(), /evil\.json cannot be imported: the context file path/);
  // The sandbox is untouched.
  assert.equal(await other.getByLabel('Dockerfile', { exact: true }).inputValue(), saved.dockerfile);
  await other.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test('shortcuts overlay, themes, large type, and the gutter notes a problem', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await page.locator('h1').click();
  await page.keyboard.press('?');
  const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await overlay.waitFor();
  assert.match(await overlay.innerText(), /step back and forward/);
  await page.keyboard.press('Escape');
  await overlay.waitFor({ state: 'detached' });

  await page.getByLabel('Theme').selectOption('dark');
  assert.equal(await page.locator('.app').getAttribute('data-theme'), 'dark');
  const background = await page.locator('.app').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(background, 'rgb(15, 20, 27)');
  await page.getByRole('button', { name: 'A+' }).click();
  assert.equal(await page.locator('.app.large').count(), 1);
  const size = await page.locator('.app').evaluate((el) => getComputedStyle(el).fontSize);
  assert.equal(size, '20px');
  await page.screenshot({ path: path.join(artifacts, 'dark-large.png') });

  await typeDockerfile(page, 'FROM alpine:3.19\nRUN go build .\n');
  await waitBuilt(page);
  const note = await page.locator('.line-number.has-error').getAttribute('title');
  assert.match(note, /go: not found|did not complete successfully/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('usable 768 pixels wide: one column, nothing cut off sideways', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await page.setViewportSize({ width: 768, height: 1024 });
  await waitBuilt(page);
  for (const [tab, shown] of [['Build', '.stage-graph'], ['Layers', '.tree-row'], ['Image', '.waste']]) {
    await page.getByRole('tab', { name: tab }).click();
    await page.locator(shown).first().waitFor();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 768, `${tab}: the page is ${wide} px wide`);
  }
  await page.screenshot({ path: path.join(artifacts, 'narrow-768.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
