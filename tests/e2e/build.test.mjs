// Building in the page: the first page fetches no image data; a build over
// golang:1.22 fetches that image's layers and the Debian package archive
// its packages come from, and nothing for other images.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const DATA = /\/(layers|apt|apk|npm|pypi)\//;

test('image data is fetched per image, only when a build needs it', async () => {
  const requests = [];
  const { page: app, errors } = await openApp(browser, server);
  app.on('requestfinished', async (request) => {
    const response = await request.response();
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    requests.push({ path: new URL(request.url()).pathname, bytes: body.length });
  });
  await app.waitForLoadState('networkidle');
  assert.deepEqual(requests.filter((r) => DATA.test(r.path)), [], 'the first page loads no image data');

  const editor = app.getByLabel('Dockerfile', { exact: true });
  await editor.fill('FROM golang:1.22\nRUN go version\n');
  const started = Date.now();
  await app.locator('.build-button').click();
  await app.locator('.panel.build[data-state="done"]').waitFor({ timeout: 60_000 });
  console.log(`first build over golang:1.22 (fetch and build): ${Date.now() - started} ms`);

  const fetched = requests.filter((r) => DATA.test(r.path));
  const paths = fetched.map((r) => r.path);
  for (const needed of ['/layers/debian-bookworm-rootfs.json', '/layers/golang-1.22-toolchain.json', '/apt/debian-bookworm.json.gz']) {
    assert.ok(paths.includes(needed), `${needed} in ${paths}`);
  }
  for (const other of paths) {
    assert.ok(!/node|python|alpine|rust|nginx|apk|npm|pypi/.test(other), `${other} is not golang's`);
  }
  const total = fetched.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`golang:1.22 data: ${fetched.length} files, ${total} bytes`);
  const size = Number(await app.locator('.image-size').getAttribute('data-size-bytes'));
  assert.ok(size > 780e6 && size < 830e6, `golang:1.22 is ${size} bytes`);
  assert.match(await app.locator('.image-layers').innerText(), /from golang:1\.22/);

  // Building again over the same image fetches nothing new.
  await app.getByLabel('Dockerfile', { exact: true }).fill('FROM golang:1.22\nRUN go env GOPATH\n');
  await app.locator('.build-button').click();
  await app.locator('.panel.build[data-state="done"]').waitFor();
  await app.waitForLoadState('networkidle');
  assert.equal(requests.filter((r) => DATA.test(r.path)).length, fetched.length);
  assert.deepEqual(errors, []);
  await app.close();
});

test('a failing RUN shows its line and the shell\'s words', async () => {
  const { page, errors } = await openApp(browser, server);
  await page.getByLabel('Dockerfile', { exact: true }).fill('FROM alpine:3.19\nRUN go build .\n');
  await page.locator('.build-button').click();
  await page.locator('.panel.build[data-state="done"]').waitFor({ timeout: 60_000 });
  const error = await page.locator('.build-error').innerText();
  assert.match(error, /^line 2: /);
  assert.match(error, /go: not found/);
  assert.deepEqual(errors, []);
  await page.close();
});
