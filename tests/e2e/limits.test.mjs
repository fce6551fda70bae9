// Hostile share links: a 100,000-instruction Dockerfile and a RUN that
// loops forever. The page says which limit stopped them, and stays
// responsive (a keystroke still rebuilds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, urlOf, waitBuilt, shareFragment, responseMs } from './harness.mjs';

const env = useBrowser();

test('a link with 100,000 instructions is refused by name, and the page goes on', async () => {
  const big = `FROM alpine:3.19\n${'RUN true\n'.repeat(100_000)}`;
  const fragment = shareFragment(big);
  console.log(`100,000-instruction link: ${fragment.length} characters for ${big.length} bytes`);
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#${fragment}`);
  const notice = page.locator('.notice.error');
  await notice.waitFor();
  assert.match(await notice.innerText(), /This share link cannot be opened: its Dockerfile has more than 5000 instructions, Stagecraft's limit/);
  await waitBuilt(page);
  const ms = await responseMs(page);
  console.log(`after the refused link, a click answered in ${ms} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a RUN that loops forever stops at the loop limit, at its line', async () => {
  const fragment = shareFragment('FROM alpine:3.19\nRUN echo start\nRUN while true; do echo again; done\n');
  const started = Date.now();
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#${fragment}`);
  await waitBuilt(page);
  console.log(`the endless loop stopped, and the page showed it, ${Date.now() - started} ms after opening`);
  const error = await page.locator('.build-error').first().innerText();
  assert.match(error, /line 3: /);
  assert.match(error, /over Stagecraft's limit of 10000 turns of one loop/);
  // The editor gutter marks the line; the page still takes edits.
  await page.getByLabel('Dockerfile', { exact: true }).fill('FROM alpine:3.19\nRUN echo fixed\n');
  await waitBuilt(page);
  assert.equal(await page.locator('.build-error').count(), 0);
  const ms = await responseMs(page);
  console.log(`after the loop, a click answered in ${ms} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('scripts that call themselves or grow forever stop at their limits, not the stack', async () => {
  // Natively each nesting level was measured; here the browser's own
  // stack must hold the levels the limit allows.
  for (const [run, limit] of [
    ['f(){ f; }; f', /over Stagecraft's limit of 100 levels/],
    ["echo 'sh /tmp/s' > /tmp/s; sh /tmp/s", /over Stagecraft's limit of 100 levels/],
    ['a=x; while :; do a=$a$a; done', /a variable in the RUN script grew too big.*16 MiB/],
  ]) {
    const fragment = shareFragment(`FROM alpine:3.19\nRUN ${run}\n`);
    const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#${fragment}`);
    await waitBuilt(page);
    const error = await page.locator('.build-error').first().innerText();
    assert.match(error, /line 2: /, run);
    assert.match(error, limit, run);
    assert.deepEqual(errors, [], run);
    await page.close();
  }
});

/** Sixty RUNs that each count to 1,500: within every limit, but a
 * second's work here. The page gets its turns between instructions. */
function slowDockerfile() {
  const runs = Array.from({ length: 60 }, (_, k) =>
    `RUN i=0; while [ $i -lt 1500 ]; do i=$((i+1)); done; echo ${k} > /n${k}`);
  return `FROM alpine:3.19\n${runs.join('\n')}\n`;
}

/** Opens `dockerfile` from a link on a page whose processor runs four
 * times slower, as a classroom's old laptop might. */
async function openSlow(dockerfile) {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${urlOf(env.server)}#${shareFragment(dockerfile)}`);
  await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
  return { page, errors };
}

/** Milliseconds for the page to run a script sent to it. */
async function scriptMs(page) {
  const started = Date.now();
  await page.evaluate(() => 0);
  return Date.now() - started;
}

test('a long build offers Cancel, answers clicks while it runs, and stops when canceled', async () => {
  // On a machine busy with other work the build can end between Cancel
  // showing and the click: then the page is opened again (three tries),
  // since a click after the end tests nothing.
  let page, errors, cancel, box;
  for (let attempt = 1; attempt <= 3 && !box; attempt += 1) {
    if (page) {
      console.log('the build ended before the click could land: again');
      await page.close();
    }
    ({ page, errors } = await openSlow(slowDockerfile()));
    cancel = page.getByRole('button', { name: 'Cancel build' });
    await cancel.waitFor();
    console.log(`during a long build, the page ran a script sent to it in ${await scriptMs(page)} ms`);
    // One mouse click, as a learner's (Playwright's own checks before a
    // click take turns the page gives only between instructions).
    box = await cancel.boundingBox();
  }
  assert.ok(box, 'Cancel stayed on screen long enough to be clicked');
  const clicked = Date.now();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await waitBuilt(page);
  console.log(`Cancel stopped the build ${Date.now() - clicked} ms after the click`);
  await page.getByRole('tab', { name: 'Build' }).click();
  const error = await page.locator('.build-error').first().innerText();
  assert.match(error, /Canceled: context canceled/);
  // Stopped before one of the RUNs, not after the last.
  const line = Number(error.match(/line (\d+)/)?.[1]);
  assert.ok(line >= 2 && line <= 61, error);
  assert.equal(await cancel.count(), 0);
  // The next edit builds again, to the end.
  await page.getByLabel('Dockerfile', { exact: true }).fill('FROM alpine:3.19\nRUN echo fixed\n');
  await waitBuilt(page);
  assert.equal(await page.locator('.build-error').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an edit during a long build stops it, and the edited Dockerfile builds', async () => {
  const { page, errors } = await openSlow(slowDockerfile());
  await page.getByRole('button', { name: 'Cancel build' }).waitFor();
  const edited = Date.now();
  await page.getByLabel('Dockerfile', { exact: true }).fill('FROM alpine:3.19\nRUN echo quick > /quick\n');
  await waitBuilt(page);
  console.log(`an edit during a long build was built ${Date.now() - edited} ms later`);
  await page.getByRole('tab', { name: 'Build' }).click();
  assert.equal(await page.locator('.build-error').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
