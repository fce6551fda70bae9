// Trunk's post-build hook: puts a Content-Security-Policy in the built
// index.html. Trunk starts the app with an inline module script whose
// text changes with every build (it names the hashed bundle), so the
// policy allows that one script by its SHA-256 and nothing else inline.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('csp.mjs: TRUNK_STAGING_DIR is not set');
  process.exit(1);
}
const file = path.join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
  console.error('csp.mjs: no inline script found in index.html');
  process.exit(1);
}
const hashes = inline.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  // The app sets a few widths and heights on elements.
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
// After the charset, which must come first.
html = /<meta charset[^>]*>/.test(html)
  ? html.replace(/(<meta charset[^>]*>)/, `$1\n    ${meta}`)
  : html.replace(/<head>/, `<head>\n    ${meta}`);
writeFileSync(file, html);
