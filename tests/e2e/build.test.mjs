// Building in the page: every edit rebuilds; a build fetches only the data
// of the images it uses; a failing RUN shows its line and the shell's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitBuilt, finalSize, useBrowser } from './harness.mjs';

const env = useBrowser();

const DATA = /\/(layers|apt|apk|npm|pypi)\//;

test('image data is fetched per image, only when a build needs it', async () => {
  const requests = [];
  // A request is counted when it finishes; its size comes later, so that a
  // slow body cannot move it to after the count.
  const sizes = [];
  // Watched from the start: the first sandbox builds as soon as the page is ready.
  const { page: app, errors } = await openApp(env.browser, env.server, undefined, (page) => {
    page.on('requestfinished', (request) => {
      const entry = { path: new URL(request.url()).pathname, bytes: 0 };
      requests.push(entry);
      sizes.push((async () => {
        const response = await request.response();
        const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
        entry.bytes = body.length;
      })());
    });
  });
  // The first sandbox (the Go sample, on golang:1.22) builds at once.
  const started = Date.now();
  await waitBuilt(app);
  console.log(`first build over golang:1.22 (fetch and build): ${Date.now() - started} ms`);
  await app.waitForLoadState('networkidle');
  await Promise.all(sizes);
  const fetched = requests.filter((r) => DATA.test(r.path));
  const paths = fetched.map((r) => r.path);
  for (const needed of ['/layers/debian-bookworm-rootfs.json', '/layers/golang-1.22-toolchain.json']) {
    assert.ok(paths.includes(needed), `${needed} in ${paths}`);
  }
  for (const other of paths) {
    assert.ok(!/node|python|alpine|rust|nginx|apk|npm|pypi/.test(other), `${other} is not golang's`);
  }
  const total = fetched.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`golang:1.22 data: ${fetched.length} files, ${total} bytes`);
  const size = await finalSize(app);
  assert.ok(size > 780e6 && size < 1150e6, `the bloated Go image is ${size} bytes`);

  // Another edit over the same image fetches no other image's data. In one
  // edit: typed on a slow machine, the text would pass through unknown
  // images (`FROM golang:1.2`), whose stand-in has layers of its own.
  await app.getByLabel('Dockerfile', { exact: true }).fill('FROM golang:1.22\nRUN go env GOPATH\n');
  await waitBuilt(app);
  await app.waitForLoadState('networkidle');
  const layers = (r) => r.path.startsWith('/layers/');
  assert.equal(requests.filter(layers).length, fetched.filter(layers).length, 'no layer fetched twice');
  assert.match(await app.locator('.image-size').innerText(), /Final image: 8\d\dMB in \d+ layers/);
  assert.deepEqual(errors, []);
  await app.close();
});

test('Strict turns what Stagecraft approximates into an error, and back', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await page.getByLabel('Dockerfile', { exact: true })
    .fill('FROM alpine:3.19\nCOPY --from=ghcr.io/acme/tool:1.2 /tool /usr/local/bin/\n');
  await waitBuilt(page);
  // A placeholder of the path asked for stands in: it builds, 10 MB over Alpine.
  assert.equal(await page.locator('.build-error').count(), 0);
  const loose = await finalSize(page);
  assert.ok(loose > 17e6 && loose < 18e6, `${loose}`);
  await page.locator('input.strict').check();
  await waitBuilt(page);
  assert.match(await page.locator('.build-error').innerText(), /^line 2: .*ghcr\.io\/acme\/tool:1\.2.*not found/);
  await page.locator('input.strict').uncheck();
  await waitBuilt(page);
  assert.equal(await page.locator('.build-error').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a failing RUN shows its line and the shell\'s words; the last good image stays, greyed', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  const good = await finalSize(page);
  // In one edit: typed, the text would pass through Dockerfiles that build.
  await page.getByLabel('Dockerfile', { exact: true }).fill('FROM alpine:3.19\nRUN go build .\n');
  await waitBuilt(page);
  const error = await page.locator('.build-error').innerText();
  assert.match(error, /^line 2: /);
  assert.match(error, /go: not found/);
  // The size shown is the last good build's, marked stale.
  assert.equal(await finalSize(page), good);
  assert.equal(await page.locator('.final-size-badge.stale').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the main build and a Compare build in flight at once both end on real data', async () => {
  // Images no build has used yet: each build must fetch its own data, and
  // neither may take, or drop, the other's list of what it lacks. The
  // main build's base, node:18-alpine, needs its layers, then (once they
  // are in) the Alpine package archive its layers install from; a slow
  // stage keeps that round going, yielding to the page, while Compare
  // builds. The page's thread runs 10x slower (the workers that guard
  // each build do not), so that Compare's build comes in the middle of
  // the main build's round: where a shared list of missing data was
  // emptied by the one and left the other to finish on stand-in data.
  const loop = 'RUN i=0; while [ $i -lt 9000 ]; do i=$((i+1)); done\n';
  const main = `FROM node:18-alpine AS app\nENV A=1\nFROM busybox:1.36 AS slow\n${loop}FROM app\nCOPY --from=slow /bin/busybox /tmp/x\n`;
  const other = 'FROM python:3.12-slim\nRUN true\n';
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('The other Dockerfile').fill(other);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  await page.getByLabel('Dockerfile', { exact: true }).fill(main);
  await page.locator('.compare-button').click();
  await page.locator('.compare-side .compare-size').nth(1).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('.compare-button')?.disabled, null, { timeout: 60_000 });
  await waitBuilt(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  // Stand-in images have no files: a few bytes. A stand-in package
  // archive leaves out Alpine's own packages, a few MB: the same
  // Dockerfile must make the same image on both sides.
  const mainSize = await finalSize(page);
  const sides = await page.locator('.compare-size').evaluateAll((dds) => dds.map((d) => Number(d.dataset.sizeBytes)));
  console.log(`main ${mainSize} bytes; compare ${sides}`);
  assert.ok(mainSize > 100e6, `the main build of node:18-alpine is ${mainSize} bytes`);
  assert.ok(sides[0] > 100e6, `Compare's node:18-alpine side is ${sides[0]} bytes`);
  assert.ok(sides[1] > 100e6, `Compare's python:3.12-slim side is ${sides[1]} bytes`);
  assert.equal(sides[0], mainSize, 'the same Dockerfile, the same image');
  // The reducer keeps the comparison: another tab and back shows it again.
  await page.getByRole('tab', { name: 'Build' }).click();
  await page.getByRole('tab', { name: 'Compare' }).click();
  const again = await page.locator('.compare-size').evaluateAll((dds) => dds.map((d) => Number(d.dataset.sizeBytes)));
  assert.deepEqual(again, sides);
  assert.deepEqual(errors, []);
  await page.close();
});
