// The lessons as a learner meets them: the map, two lessons completed by
// reading hints, answering and typing, the progress kept over a reload, a
// deep link to a layer, the presenter view, and a round of the quiz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, openApp, urlOf, waitBuilt, typeDockerfile, artifacts } from './harness.mjs';

const env = useBrowser();

const LESSON_2 = `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go mod download && go build -o /usr/local/bin/server .

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/server /usr/local/bin/server
EXPOSE 8080
CMD ["server"]
`;

test('a learner passes the first two lessons, keeps them over a reload, and takes the quiz', async () => {
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#/lessons`);
  await page.waitForSelector('.lesson-map');
  assert.ok((await page.locator('.map-lesson[data-lesson]').count()) >= 14);
  assert.equal(await page.locator('.map-lesson.here').getAttribute('data-lesson'), 'why-images-are-big');

  // Lesson 1: read a hint, see a check fail, answer the question.
  await page.locator('.map-lesson.here a').click();
  await page.waitForSelector('.lesson-panel[data-lesson="why-images-are-big"]');
  await waitBuilt(page);
  await page.waitForSelector('.check[data-passed="false"]');
  await page.getByRole('button', { name: 'Show hint 1 of 2' }).click();
  assert.match(await page.locator('[data-hint="1"]').textContent(), /Layers/);
  await page.locator('.lesson-questions .question label').first().click();
  await page.getByRole('button', { name: 'Answer', exact: true }).click();
  await page.waitForSelector('.lesson-questions .verdict.right');
  await waitBuilt(page);
  await page.waitForSelector('.passed[data-stars="3"]');
  assert.match(await page.locator('.passed .par').textContent(), /Your image is 1.01GB, ours is 1.01GB/);
  await page.screenshot({ path: path.join(artifacts, 'lesson-1-passed.png') });

  // Lesson 2: the checks say what leaked and why; typing the fix passes.
  await page.locator('a.next-lesson').click();
  await page.waitForSelector('.lesson-panel[data-lesson="first-multi-stage"]');
  await waitBuilt(page);
  const why = await page.locator('.check.fail .diagnosis').allTextContents();
  assert.ok(why.some((w) => /\/usr\/local\/go \(\d+MB\) came with the final stage's base image golang:1.22/.test(w)), why.join('\n'));
  await page.getByRole('button', { name: 'Show hint 1 of 3' }).click();
  await typeDockerfile(page, LESSON_2);
  await waitBuilt(page);
  await page.waitForSelector('.passed[data-stars="3"]', { timeout: 30_000 });
  assert.equal(await page.locator('.check[data-passed="false"]').count(), 0);
  await page.screenshot({ path: path.join(artifacts, 'lesson-2-passed.png') });

  // A reload keeps the progress and the learner's own Dockerfile.
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForSelector('.lesson-panel[data-lesson="first-multi-stage"]');
  assert.match(await page.getByLabel('Dockerfile', { exact: true }).inputValue(), /COPY --from=build/);
  await page.locator('nav.modes a[href="#/lessons"]').click();
  await page.waitForSelector('.lesson-map');
  assert.equal(await page.locator('.map-lesson[data-lesson="why-images-are-big"]').getAttribute('data-state'), 'passed');
  assert.equal(await page.locator('.map-lesson[data-lesson="first-multi-stage"]').getAttribute('data-state'), 'passed');
  assert.equal(await page.locator('.map-summary').getAttribute('data-passed'), '2');
  assert.equal(await page.locator('.map-lesson.here').getAttribute('data-lesson'), 'naming-stages');
  await page.screenshot({ path: path.join(artifacts, 'lesson-map.png') });

  // The quiz: a round of twenty, some from live builds, then the review.
  await page.locator('nav.modes a[href="#/quiz"]').click();
  await page.waitForSelector('.quiz .question', { timeout: 60_000 });
  for (let i = 0; i < 20; i += 1) {
    await page.waitForSelector(`.quiz[data-at="${i}"]`);
    if (await page.locator('.quiz .domc').count()) {
      await page.locator('.quiz .domc button.yes').click();
    } else {
      await page.locator('.quiz .options label').first().click();
      await page.getByRole('button', { name: 'Answer', exact: true }).click();
    }
    await page.waitForSelector('.quiz .verdict');
    await page.locator('.quiz button.next-question').click();
  }
  const score = page.locator('.quiz.review .score');
  await score.waitFor();
  assert.equal(await score.getAttribute('data-total'), '20');
  const right = Number(await score.getAttribute('data-score'));
  assert.equal(await page.locator('.review-list > li.right').count(), right);
  assert.equal(await page.locator('.review-list > li').count(), 20);
  // Some questions were made by simulating builds of the lessons.
  assert.ok((await page.locator('.review-list [data-question^="live-"]').count()) >= 1);
  await page.screenshot({ path: path.join(artifacts, 'quiz-review.png') });

  // Progress goes out as a file and comes back into a fresh browser.
  await page.locator('nav.modes a[href="#/lessons"]').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export progress' }).click(),
  ]);
  const file = path.join(artifacts, 'progress.json');
  await download.saveAs(file);
  assert.deepEqual(errors, []);
  await page.close();

  const fresh = await env.browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${urlOf(env.server)}#/lessons`);
  await other.waitForSelector('.lesson-map');
  assert.equal(await other.locator('.map-summary').getAttribute('data-passed'), '0');
  await other.getByLabel('Import progress').setInputFiles(file);
  await other.waitForSelector('.map-summary[data-passed="2"]');
  assert.equal(await other.locator('.map-lesson[data-lesson="first-multi-stage"]').getAttribute('data-state'), 'passed');
  await fresh.close();
});

test('a deep link opens a lesson at a layer, and the presenter view shows the build beside the tree', async () => {
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#/lesson/first-multi-stage/2`);
  await page.waitForSelector('.lesson-panel[data-lesson="first-multi-stage"]');
  await waitBuilt(page);
  await page.waitForSelector('.explorer');
  assert.match(await page.locator('.explorer').textContent(), /Layer 2 of \d+/);
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presenter.large .presenter-view');
  assert.equal(await page.locator('.presenter-build .stage-graph').count(), 1);
  assert.ok((await page.locator('.presenter-tree [role="treeitem"]').count()) > 0);
  await page.keyboard.press(']');
  assert.match(await page.locator('.presenter-tree').textContent(), /Layer 3 of \d+/);
  await page.screenshot({ path: path.join(artifacts, 'presenter.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('.lesson-panel');
  // An unknown lesson goes to the map with a notice.
  await page.goto(`${urlOf(env.server)}#/lesson/no-such-lesson`);
  await page.waitForSelector('.lesson-map');
  assert.match(await page.locator('.notice').textContent(), /no lesson "no-such-lesson"/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a damaged progress entry is reset alone, and a lesson opens as a sandbox', async () => {
  const stored = JSON.stringify({
    version: 1,
    lessons: {
      'why-images-are-big': { passed: true, stars: 2 },
      'first-multi-stage': { passed: 'yes', stars: [1] },
    },
  });
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#/lessons`, (p) =>
    p.addInitScript((text) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('stagecraft.progress', text);
        sessionStorage.setItem('seeded', '1');
      }
    }, stored));
  await page.waitForSelector('.lesson-map');
  assert.match(await page.locator('.notice').textContent(), /lesson "first-multi-stage" was damaged and was reset; the other lessons are kept/);
  assert.equal(await page.locator('.map-lesson[data-lesson="why-images-are-big"]').getAttribute('data-state'), 'passed');
  assert.equal(await page.locator('.map-lesson[data-lesson="first-multi-stage"]').getAttribute('data-state'), 'new');

  // The lesson's Dockerfile and files, copied into the sandbox.
  await page.locator('.map-lesson[data-lesson="lean-bases"] a').click();
  await page.waitForSelector('.lesson-panel[data-lesson="lean-bases"]');
  await waitBuilt(page);
  const lesson = await page.getByLabel('Dockerfile', { exact: true }).inputValue();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Open in the sandbox' }).click();
  await page.waitForFunction(() => location.hash === '#/');
  await page.waitForSelector('.workspace:not(.with-lesson)');
  assert.equal(await page.getByLabel('Dockerfile', { exact: true }).inputValue(), lesson);
  assert.ok(await page.locator('[data-path="main.go"]').count());
  assert.deepEqual(errors, []);
  await page.close();
});
