// The lessons this stop added, as a learner meets them in the page: the
// bind-mounts lesson grades its mount live (the starter's COPY fails, the
// mount passes), and the second challenge sits in the map between the
// Python lesson and the non-root one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, urlOf, waitBuilt, typeDockerfile } from './harness.mjs';

const env = useBrowser();

const SOLUTION = `FROM python:3.12-slim
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    pip install -r requirements.txt
COPY app.py .
USER 65534
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`;

test('the bind-mounts lesson grades the mount live, and the second challenge is in the map', async () => {
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#/lesson/bind-mounts`);
  await page.waitForSelector('.lesson-panel[data-lesson="bind-mounts"]');
  await waitBuilt(page);
  const mountCheck = page.locator('.check', { hasText: 'through a bind mount' });
  await mountCheck.first().waitFor();
  assert.equal(await mountCheck.first().getAttribute('data-passed'), 'false');

  await typeDockerfile(page, SOLUTION);
  await waitBuilt(page);
  await page.waitForFunction(() => {
    const check = [...document.querySelectorAll('.check')].find((c) => c.textContent.includes('through a bind mount'));
    return check && check.dataset.passed === 'true';
  }, null, { timeout: 60_000 });

  await page.goto(`${urlOf(env.server)}#/lessons`);
  await page.waitForSelector('.lesson-map');
  const ids = await page.locator('.map-lesson[data-lesson]').evaluateAll((els) => els.map((e) => e.dataset.lesson));
  assert.equal(ids.length, 22);
  const at = ids.indexOf('second-challenge');
  assert.deepEqual(ids.slice(at - 1, at + 2), ['python-venv', 'second-challenge', 'non-root']);
  assert.deepEqual(errors, []);
});
