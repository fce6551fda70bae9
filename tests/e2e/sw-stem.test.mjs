// The service worker's bundle stems, read from sw.js itself: Trunk writes
// a file's hash as a 64-bit number in hex without leading zeros, so a
// bundle may be named with 15 digits, and its older versions must still
// be found and dropped; a data file's version number is not a hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function stemOf() {
  const self = { location: { href: 'http://127.0.0.1:8080/' }, addEventListener() {} };
  const context = vm.createContext({ self, URL });
  vm.runInContext(`${readFileSync(path.join(root, 'sw.js'), 'utf8')}\nself.stem = stem;`, context);
  return self.stem;
}

test('bundle files of any hash length share their stem; other names have none', () => {
  const stem = stemOf();
  assert.equal(stem('stagecraft-44979e1e49ddce2_bg.wasm'), '/stagecraft_bg.wasm');
  assert.equal(stem('stagecraft-0123456789abcdef_bg.wasm'), '/stagecraft_bg.wasm');
  assert.equal(stem('stagecraft-44979e1e49ddce2.js'), '/stagecraft.js');
  assert.equal(stem('style-4dcc51b5ea1e8ea2.css'), '/style.css');
  assert.equal(stem('layers/debian-bookworm-rootfs.json'), null);
  assert.equal(stem('layers/node-20.json'), null);
  assert.equal(stem('sw.js'), null);
  assert.equal(stem('stagecraft-0123456789abcdef0.js'), null, 'seventeen digits is not a hash');
});
