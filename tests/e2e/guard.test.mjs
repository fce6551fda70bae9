// Hostile share links and builds that never end: every build runs first
// in the guard's worker (src/ui/guard.rs), with a watchdog. A link whose
// build crashed the simulator, or hung it, before its fix now stops at a
// named limit; one that runs too long is stopped by the watchdog; a worker
// that crashes is replaced. Each time the page stays responsive, says what
// stopped the build, and a reload does not bring the build back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useBrowser, openApp, openInContext, urlOf, waitBuilt, serve, dist, shareFragment, responseMs } from './harness.mjs';

const env = useBrowser();

/** Opens the app once (its own sandbox saved), then `fragment` as a fresh page load. */
async function openLink(server, fragment, setup = async () => {}) {
  const { page, errors } = await openApp(env.browser, server);
  await waitBuilt(page);
  await setup(page);
  // Saved after a pause in typing; the first visit's sample is the learner's.
  await page.waitForFunction(() => localStorage.getItem('stagecraft.sandbox') !== null);
  await page.goto('about:blank');
  await page.goto(`${urlOf(server)}#${fragment}`);
  await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  await waitBuilt(page);
  return { page, errors };
}

/** After a reload, the learner's own sandbox is back and builds. */
async function reloadShowsOwnSandbox(page, hostile) {
  await page.evaluate(() => localStorage.removeItem('stagecraft-watchdog-ms'));
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  await waitBuilt(page);
  const text = await page.getByLabel('Dockerfile', { exact: true }).inputValue();
  assert.ok(!text.includes(hostile), 'the shared sandbox came back');
  assert.equal(await page.locator('.build-error').count(), 0);
}

const crashing = [
  // ${v:-${v:-...}} a thousand deep: overflowed the page's stack.
  {
    name: 'nested substitutions',
    dockerfile: `FROM alpine:3.19\nENV v=${'${v:-'.repeat(1000)}x${'}'.repeat(1000)}\n`,
    limit: /substitutions nested deeper than 100 levels: over Stagecraft's limit/,
    marker: '${v:-${v:-${v:-',
  },
  // Directories thousands deep: overflowed the walks of the tree. Within
  // Linux's 4,096-byte paths, Stagecraft's 512 levels stop them.
  {
    name: 'deep directories',
    dockerfile: `FROM alpine:3.19\nRUN mkdir -p /${Array(1500).fill('a').join('/')}\n`,
    limit: /a program of the RUN script made an entry too many directories deep: over Stagecraft's limit of 512 directory levels/,
    marker: 'mkdir -p /a/a/a/a',
  },
  // ENV doubling itself: grew without bound.
  {
    name: 'a doubling ENV',
    dockerfile: `FROM alpine:3.19\nENV A=xxxxxxxxxxxxxxxx\n${'ENV A=$A$A\n'.repeat(40)}`,
    limit: /the environment of this stage \(its ENV and ARG values\) grew to \d+ bytes: over Stagecraft's limit of 1048576 bytes/,
    marker: 'ENV A=$A$A',
  },
  // A glob that multiplies: filled memory.
  {
    name: 'a multiplying glob',
    dockerfile: 'FROM alpine:3.19\nRUN echo /*/../*/../*/../*/../*/../*\n',
    limit: /a pattern of the RUN script matched too many paths: over Stagecraft's limit of 10000 paths/,
    marker: 'echo /*/../*/../*',
  },
];

for (const { name, dockerfile, limit, marker } of crashing) {
  test(`a link with ${name} stops at a named limit, and does not come back on reload`, async () => {
    const { page, errors } = await openLink(env.server, shareFragment(dockerfile));
    await page.getByRole('tab', { name: 'Build' }).click();
    const error = await page.locator('.build-error').first().innerText();
    assert.match(error, limit, name);
    assert.match(await page.locator('.notice').innerText(), /stopped at one of Stagecraft's limits.*not kept/s);
    console.log(`${name}: a click answered in ${await responseMs(page)} ms`);
    await reloadShowsOwnSandbox(page, marker);
    assert.deepEqual(errors, [], name);
    await page.close();
  });
}

test('a WORKDIR ten thousand directories deep fails as Docker does, at once', async () => {
  // Past Linux's PATH_MAX: `docker build` fails too, so the sandbox is the
  // learner's to fix (kept), and its build ends quickly every time.
  const { page, errors } = await openLink(env.server, shareFragment(`FROM alpine:3.19\nWORKDIR /${Array(10000).fill('a').join('/')}\n`));
  assert.match(await page.locator('.build-error').first().innerText(), /line 2: .*File name too long/);
  console.log(`after the deep WORKDIR, a click answered in ${await responseMs(page)} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Sixty RUNs that each count to 1,500: within every limit, but slow. */
function slowDockerfile() {
  const runs = Array.from({ length: 60 }, (_, k) =>
    `RUN i=0; while [ $i -lt 1500 ]; do i=$((i+1)); done; echo ${k} > /n${k}`);
  return `FROM alpine:3.19\n${runs.join('\n')}\n`;
}

/** A watchdog of `ms` milliseconds, and a processor four times slower. */
async function shortWatchdog(page, ms) {
  await page.evaluate((ms) => localStorage.setItem('stagecraft-watchdog-ms', String(ms)), ms);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

test('a link whose build runs past the watchdog is stopped by name, and does not come back', async () => {
  const { page, errors } = await openLink(env.server, shareFragment(slowDockerfile()), (p) => shortWatchdog(p, 100));
  await page.getByRole('tab', { name: 'Build' }).click();
  const error = await page.locator('.build-error').first().innerText();
  assert.match(error, /the build ran longer than 0\.1 s and was stopped: over Stagecraft's time limit for a build/i);
  console.log(`after the watchdog, a click answered in ${await responseMs(page)} ms`);
  await reloadShowsOwnSandbox(page, 'while [ $i -lt 1500 ]');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a typed build that did not finish is not run again on reload, until Rebuild', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await waitBuilt(page);
  await shortWatchdog(page, 100);
  await page.getByLabel('Dockerfile', { exact: true }).fill(slowDockerfile());
  await waitBuilt(page);
  assert.match(await page.locator('.build-error').first().innerText(), /ran longer than 0\.1 s/);
  // The learner's own text is kept; its build is not run on reload.
  await page.waitForFunction(() => (localStorage.getItem('stagecraft.sandbox') ?? '').includes('1500'));
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  await waitBuilt(page);
  const held = await page.locator('.build-error').first().innerText();
  assert.match(held, /ran longer than 0\.1 s.*It is not built again on its own/s);
  assert.deepEqual(workers, [], 'no build ran');
  // Rebuild asks for it: with the usual watchdog, it runs.
  await page.evaluate(() => localStorage.removeItem('stagecraft-watchdog-ms'));
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  await waitBuilt(page);
  await page.getByRole('button', { name: 'Rebuild' }).click();
  await waitBuilt(page, 120_000);
  assert.doesNotMatch(await page.locator('.build-error').first().innerText(), /not built again/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a build the tab died in is not run again when it is opened next', async () => {
  const context = await env.browser.newContext();
  const { page, errors } = await openInContext(context, urlOf(env.server));
  await waitBuilt(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.getByLabel('Dockerfile', { exact: true }).fill(slowDockerfile());
  await page.waitForFunction(() => (localStorage.getItem('stagecraft.sandbox') ?? '').includes('1500'));
  await page.getByRole('button', { name: 'Cancel build' }).waitFor();
  // The tab dies while the build runs (as an out-of-memory kill would):
  // no page-hide, so what ran is still remembered.
  const crashed = page.waitForEvent('crash');
  cdp.send('Page.crash').catch(() => {});
  await crashed;
  const { page: next, errors: nextErrors } = await openInContext(context, urlOf(env.server));
  await waitBuilt(next);
  assert.match(await next.locator('.build-error').first().innerText(), /did not finish.*not built again on its own/s);
  // A page left while a build runs is not one that died: the next one builds.
  await next.getByRole('button', { name: 'Rebuild' }).click();
  await next.getByRole('button', { name: 'Cancel build' }).waitFor();
  await next.reload();
  await next.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
  await next.getByRole('button', { name: 'Cancel build' }).waitFor();
  assert.deepEqual([...errors, ...nextErrors], []);
  await context.close();
});

/** The bundle, with a guard worker that crashes as the WebAssembly would. */
async function serveWithCrashingWorker() {
  const normal = await serve(dist);
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/guard-worker.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end("self.onmessage = () => { self.postMessage({ crashed: 'RuntimeError: unreachable' }); self.close(); };\n");
      return;
    }
    const forward = http.request({ port: normal.address().port, path: req.url, method: req.method }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    forward.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, close: () => { server.close(); normal.close(); } };
}

test('a worker that crashes is answered with an error, and the link does not come back', async () => {
  const crashing = await serveWithCrashingWorker();
  try {
    const { page, errors } = await openLink(crashing.server, shareFragment('FROM alpine:3.19\nRUN echo crash-me\n'));
    const error = await page.locator('.build-error').first().innerText();
    assert.match(error, /the build stopped the simulator \(RuntimeError: unreachable\)/i);
    console.log(`after the crash, a click answered in ${await responseMs(page)} ms`);
    // The first visit's own sandbox was stopped too (the same worker):
    // what comes back is it, held, not the link.
    await page.reload();
    await page.waitForSelector('[data-ready="true"]', { timeout: 20_000 });
    await waitBuilt(page);
    const text = await page.getByLabel('Dockerfile', { exact: true }).inputValue();
    assert.ok(!text.includes('crash-me'), 'the link came back');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    crashing.close();
  }
});
