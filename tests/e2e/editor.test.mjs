// The first page, as a learner uses it: type a Dockerfile with an error, see
// the problem appear with its line, jump to it, fix it and see it go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, typeDockerfile, waitBuilt, useBrowser } from './harness.mjs';

const env = useBrowser();

test('the first visit opens a sample, parsed and highlighted', async () => {
  const { page, errors, readyMs } = await openApp(env.browser, env.server);
  console.log(`navigation to ready: ${readyMs} ms`);
  assert.match(await page.locator('.status').innerText(), /Parses cleanly/);
  assert.ok((await page.locator('.layer .tok-keyword').allInnerTexts()).includes('FROM'));
  assert.equal(await page.locator('.context-file[data-path="main.go"]').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a diagnostic appears while typing, jumps to its line, and goes when fixed', async () => {
  const { page, errors } = await openApp(env.browser, env.server);
  await typeDockerfile(page, 'FROM alpine:3.19\nCOPY app.py\nCMD ["python3", "app.py"]\n');

  const problem = page.locator('.diagnostic.error');
  await problem.first().waitFor();
  assert.equal(await problem.count(), 1);
  const text = await problem.innerText();
  assert.match(text, /Line 2:1/);
  assert.match(text, /COPY requires at least two arguments, but only one was provided/);
  assert.equal(await page.locator('.status').getAttribute('data-errors'), '1');
  assert.equal((await page.locator('.layer .diag-error').allInnerTexts()).join(''), 'COPY app.py');

  // The pointer on the underlined text shows the message.
  const editorBox = page.getByLabel('Dockerfile', { exact: true });
  await editorBox.hover({ position: { x: 12 + 8.4 * 2.5, y: 10 + 20 * 1.5 } });
  await page.waitForFunction(() => document.querySelector('.code .input').title !== '');
  assert.match(await editorBox.getAttribute('title'), /COPY requires at least two arguments/);
  await editorBox.hover({ position: { x: 12 + 8.4 * 2.5, y: 10 + 20 * 0.5 } });
  await page.waitForFunction(() => document.querySelector('.code .input').title === '');

  // Clicking the problem puts the caret on it.
  await page.getByLabel('Dockerfile', { exact: true }).evaluate((el) => el.setSelectionRange(0, 0));
  await problem.locator('button').click();
  const caret = await page.getByLabel('Dockerfile', { exact: true }).evaluate((el) => [el.selectionStart, el.selectionEnd, document.activeElement === el]);
  assert.deepEqual(caret, ['FROM alpine:3.19\n'.length, 'FROM alpine:3.19\nCOPY app.py'.length, true]);

  // Fix it: add the destination at the end of line 2.
  await page.keyboard.press('End');
  const started = Date.now();
  await page.keyboard.type(' /app/');
  await page.locator('.all-clear').waitFor();
  console.log(`keystrokes to cleared diagnostic: ${Date.now() - started} ms`);
  assert.equal(await page.locator('.diagnostic').count(), 0);
  assert.equal(await page.getByLabel('Dockerfile', { exact: true }).inputValue(), 'FROM alpine:3.19\nCOPY app.py /app/\nCMD ["python3", "app.py"]\n');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the stage graph follows the text, and the work survives a reload', async () => {
  const { page } = await openApp(env.browser, env.server);
  const text = 'FROM golang:1.22 AS build\nRUN mkdir /out && go version > /out/v\nFROM scratch\nCOPY --from=build /out/v /v\n';
  await typeDockerfile(page, text);
  await waitBuilt(page);
  const nodes = page.locator('.stage-graph .node');
  assert.deepEqual(await nodes.locator('.node-label').evaluateAll((ts) => ts.map((t) => t.textContent)), ['golang:1.22', 'build', 'scratch', 'stage-1']);
  assert.equal(await page.locator('.stage-graph .node.target .node-label').textContent(), 'stage-1');
  assert.equal(await page.locator('.stage-graph .edge.copy').count(), 1);
  await page.reload();
  await page.waitForSelector('[data-ready="true"]');
  assert.equal(await page.getByLabel('Dockerfile', { exact: true }).inputValue(), text);
  await page.close();
});

test('loading a sample asks before replacing the learner\'s work', async () => {
  const { page } = await openApp(env.browser, env.server);
  await typeDockerfile(page, 'FROM alpine\nRUN echo mine\n');
  const editor = page.getByLabel('Dockerfile', { exact: true });

  page.once('dialog', (dialog) => dialog.dismiss());
  await page.locator('.sample-menu').selectOption('node-api/Dockerfile');
  assert.equal(await editor.inputValue(), 'FROM alpine\nRUN echo mine\n');

  page.once('dialog', (dialog) => dialog.accept());
  await page.locator('.sample-menu').selectOption('node-api/Dockerfile');
  await page.locator('.context-file[data-path="package.json"]').waitFor();
  assert.match(await editor.inputValue(), /FROM node:20/);
  await page.close();
});
