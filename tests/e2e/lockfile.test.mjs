// A real-sized project in the page: node:22 with a 1,000-package
// package-lock.json. The build fetches the image's layers and the npm
// registry's shards (only when npm runs), installs every locked package,
// and the figures are printed for the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { openApp, waitBuilt, finalSize, useBrowser, shareFragment, urlOf } from './harness.mjs';

const env = useBrowser();

/** 1,000 packages of the registry data, each at its latest version. */
function lockedProject(count) {
  const shards = path.resolve(import.meta.dirname, '../../catalog/npm/shards');
  const packages = [];
  for (let i = 0; i < 64 && packages.length < count; i++) {
    const shard = JSON.parse(gunzipSync(readFileSync(path.join(shards, `${i.toString(16).padStart(2, '0')}.json.gz`))));
    for (const [name, entry] of Object.entries(shard.packages).sort()) {
      if (packages.length < count && entry.latest && entry.versions[entry.latest]) packages.push([name, entry.latest]);
    }
  }
  const dependencies = Object.fromEntries(packages.map(([n, v]) => [n, v]));
  const lock = {
    name: 'big', version: '1.0.0', lockfileVersion: 3, requires: true,
    packages: {
      '': { name: 'big', version: '1.0.0', dependencies },
      ...Object.fromEntries(packages.map(([n, v]) => [`node_modules/${n}`, { version: v }])),
    },
  };
  const manifest = { name: 'big', version: '1.0.0', dependencies };
  return { 'package.json': JSON.stringify(manifest), 'package-lock.json': JSON.stringify(lock) };
}

test('node:22 with a 1,000-package lockfile: what the page fetches, how long it takes', async () => {
  const files = lockedProject(1000);
  const dockerfile = 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n';
  const requests = [];
  const sizes = [];
  const url = `${urlOf(env.server)}#${shareFragment(dockerfile, files)}`;
  const started = Date.now();
  const { page, errors } = await openApp(env.browser, env.server, url, (page) => {
    page.on('requestfinished', (request) => {
      const entry = { path: new URL(request.url()).pathname, bytes: 0 };
      requests.push(entry);
      sizes.push((async () => {
        const response = await request.response();
        entry.bytes = response ? (await response.body().catch(() => Buffer.alloc(0))).length : 0;
      })());
    });
  });
  await waitBuilt(page, 120_000);
  const elapsed = Date.now() - started;
  await page.waitForLoadState('networkidle');
  await Promise.all(sizes);
  const shards = requests.filter((r) => r.path.includes('/npm/shards/'));
  // The guard's worker builds first, then the page: each fetches.
  const distinct = new Set(shards.map((r) => r.path));
  const data = requests.filter((r) => /\/(layers|apt|apk|npm|pypi)\//.test(r.path));
  const total = (list) => list.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`1,000-package lockfile over node:22-slim: built in ${elapsed} ms from navigation; `
    + `${data.length} data requests (${total(data)} bytes), of which ${shards.length} for ${distinct.size} distinct npm shards (${total(shards)} bytes)`);
  assert.deepEqual(errors, []);
  assert.ok(distinct.size > 0 && distinct.size <= 64, `${distinct.size} shards`);
  assert.ok(!requests.some((r) => r.path.includes('/pypi/')), 'no PyPI data for an npm build');
  // Every locked package lands in node_modules: well over the base image.
  const size = await finalSize(page);
  assert.ok(size > 300_000_000, `${size}`);
  await page.getByRole('tab', { name: 'Problems' }).click().catch(() => {});
  const text = await page.locator('body').innerText();
  assert.ok(!/Missing .* from lock file/.test(text), 'npm ci takes the lockfile as it is');
});

test('uv sync from uv.lock in the page: PyPI shards fetched, the venv built', async () => {
  const files = {
    'pyproject.toml': '[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = ["fastapi"]\n',
    'uv.lock': 'version = 1\n\n[[package]]\nname = "demo"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [{ name = "fastapi" }]\n\n[[package]]\nname = "fastapi"\nversion = "0.115.0"\nsource = { registry = "https://pypi.org/simple" }\nwheels = [{ url = "https://f/fastapi-0.115.0-py3-none-any.whl", size = 94000 }]\n',
  };
  const dockerfile = 'FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\n';
  const paths = [];
  const url = `${urlOf(env.server)}#${shareFragment(dockerfile, files)}`;
  const { page, errors } = await openApp(env.browser, env.server, url, (page) => {
    page.on('requestfinished', (request) => paths.push(new URL(request.url()).pathname));
  });
  await waitBuilt(page, 120_000);
  assert.deepEqual(errors, []);
  assert.ok(paths.some((p) => p.includes('/pypi/shards/')), 'PyPI shards fetched');
  assert.ok(!paths.some((p) => p.includes('/npm/shards/')), 'no npm data for a uv build');
  const text = await page.locator('body').innerText();
  assert.ok(!/did not complete successfully/.test(text), text.slice(0, 2000));
  assert.ok((await finalSize(page)) > 160_000_000);
});
