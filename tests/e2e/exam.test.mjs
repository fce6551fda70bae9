// The course fetched on a deep link, a lesson's question that keeps its
// key after a first wrong answer, and the exam mode: timed, answers held
// to the end, a score per topic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, urlOf } from './harness.mjs';

const env = useBrowser();

test('a deep link to a new lesson loads the course, and a wrong answer does not give the key away', async () => {
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#/lesson/build-secrets`);
  await page.waitForSelector('.lesson-panel[data-lesson="build-secrets"]', { timeout: 60_000 });
  await page.goto(`${urlOf(env.server)}#/lesson/why-images-are-big`);
  await page.waitForSelector('.lesson-panel[data-lesson="why-images-are-big"]');
  await page.locator('.lesson-questions .question label').nth(1).click();
  await page.getByRole('button', { name: 'Answer', exact: true }).click();
  await page.waitForSelector('.lesson-questions .verdict.wrong');
  assert.equal(await page.locator('.lesson-questions .tag').count(), 0);
  assert.equal(await page.locator('.lesson-questions .explanation').count(), 0);
  assert.deepEqual(errors, []);
});

test('an exam round holds its answers and scores each topic at the end', async () => {
  const { page, errors } = await openApp(env.browser, env.server, `${urlOf(env.server)}#/quiz`);
  await page.waitForSelector('.quiz .question', { timeout: 60_000 });
  await page.locator('.exam-mode input').check();
  await page.waitForSelector('.quiz.exam .exam-clock');
  assert.match(await page.locator('.exam-clock').textContent(), /^3\d:\d\d left$/);
  if (await page.locator('.quiz .domc').count()) {
    await page.locator('.quiz .domc button.yes').click();
  } else {
    await page.locator('.quiz .options label').first().click();
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
  }
  await page.waitForSelector('.quiz .verdict.held');
  assert.equal(await page.locator('.quiz .explanation').count(), 0);
  await page.locator('.quiz button.next-question').click();
  for (let i = 1; i < 20; i += 1) {
    await page.waitForSelector(`.quiz[data-at="${i}"]`);
    await page.locator('.quiz button.skip').click();
  }
  await page.waitForSelector('.quiz.review .topic-scores');
  const asked = await page.locator('.topic-scores tbody tr').evaluateAll((rows) =>
    rows.map((r) => Number(r.cells[1].textContent.split(' of ')[1])).reduce((a, b) => a + b, 0));
  assert.equal(asked, 20);
  assert.deepEqual(errors, []);
});
