#!/usr/bin/env python3
"""npm packages for Stagecraft's `npm`, as 64 shards.

Grows the data of `npm.py` (catalog/npm/registry.json.gz, kept as it is)
to the most depended-upon packages: the roots are npm.py's POPULAR list,
the widely used tools and frameworks of SEEDS below, and every package
(and version) named by the package-lock.json, yarn.lock and package.json
files of tests/real-world/contexts; then, as npm.py does, their closure
(dependencies, non-optional peer dependencies, optional dependencies),
each range resolved to the version npm would take. Every version that
does not install on linux/x64 is left out, as npm.py does.

Every package and version of registry.json.gz is kept exactly as it is.
Each new version's tarball is downloaded once and measured unpacked
(bytes, files) as npm.py does; the registry reachable here does not carry
`dist.unpackedSize` / `dist.fileCount`, so nothing is estimated. Run

    python3 catalog/npm_shards.py

to write catalog/npm/shards/XX.json.gz, XX = fnv1a32(name) % 64 in
two hex digits. Downloads are cached in ~/.cache/stagecraft/npm (the
documents and tarballs npm.py also uses) and measurements in
~/.cache/stagecraft/npm/measured.json.
"""
import gzip
import json
import os
import re
import sys
import tarfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import npm  # noqa: E402  (the semver code, document cache, measure)

ROOT = os.path.dirname(HERE)
CONTEXTS = os.path.join(ROOT, "tests", "real-world", "contexts")
SHARDS = 64
# Concurrent downloads (STAGECRAFT_WORKERS, default 8).
WORKERS = int(os.environ.get("STAGECRAFT_WORKERS", "8"))

SEEDS = """
@angular/cli @angular/core @angular/common @angular/compiler @angular/compiler-cli
@angular/forms @angular/router @angular/platform-browser @angular/platform-browser-dynamic
@angular/animations @angular/material @angular/cdk @angular-devkit/build-angular
@angular/platform-server @angular/ssr zone.js tslib
next nuxt vue-router pinia vuex @vue/compiler-sfc @vue/test-utils @vitejs/plugin-vue
@vitejs/plugin-vue-jsx @vitejs/plugin-react-swc @vitejs/plugin-legacy vite-plugin-pwa
vite-tsconfig-paths vite-plugin-svgr vite-plugin-dts
svelte @sveltejs/kit @sveltejs/adapter-auto @sveltejs/adapter-node @sveltejs/vite-plugin-svelte
svelte-check astro solid-js preact lit @remix-run/node @remix-run/react @remix-run/dev
jest ts-jest babel-jest jest-environment-jsdom @jest/globals @types/jest vitest @vitest/coverage-v8
@vitest/ui jsdom happy-dom @testing-library/react @testing-library/jest-dom
@testing-library/user-event @testing-library/dom cypress @playwright/test playwright puppeteer
supertest nock sinon nyc c8 ava tap
eslint @eslint/js typescript-eslint @typescript-eslint/parser @typescript-eslint/eslint-plugin
eslint-plugin-react eslint-plugin-react-hooks eslint-plugin-import eslint-plugin-jsx-a11y
eslint-plugin-prettier eslint-config-prettier eslint-config-airbnb eslint-config-airbnb-base
eslint-plugin-vue eslint-plugin-node eslint-plugin-n eslint-plugin-promise eslint-plugin-jest
eslint-plugin-react-refresh eslint-config-next eslint-plugin-unicorn eslint-plugin-simple-import-sort
eslint-config-standard eslint-plugin-testing-library globals stylelint stylelint-config-standard
husky lint-staged @commitlint/cli @commitlint/config-conventional prettier-plugin-tailwindcss
@babel/cli @babel/preset-react @babel/preset-typescript @babel/plugin-transform-runtime
@babel/runtime @babel/register @babel/node @babel/polyfill core-js regenerator-runtime
babel-plugin-module-resolver babel-preset-react-app
@types/node @types/react @types/react-dom @types/express @types/lodash @types/jest @types/cors
@types/jsonwebtoken @types/bcryptjs @types/uuid @types/mocha @types/chai @types/supertest
@types/body-parser @types/cookie-parser @types/morgan @types/multer @types/pg @types/ws
@types/node-fetch @types/js-yaml @types/semver @types/fs-extra @types/glob @types/yargs
@types/debug @types/compression @types/passport @types/nodemailer @types/validator
webpack-dev-server webpack-merge html-webpack-plugin css-loader style-loader sass-loader
postcss-loader ts-loader file-loader url-loader mini-css-extract-plugin terser-webpack-plugin
css-minimizer-webpack-plugin copy-webpack-plugin fork-ts-checker-webpack-plugin dotenv-webpack
webpack-bundle-analyzer source-map-loader raw-loader less less-loader
react-scripts create-react-app @craco/craco react-app-rewired
@nestjs/core @nestjs/common @nestjs/cli @nestjs/platform-express @nestjs/testing
@nestjs/config @nestjs/typeorm @nestjs/mongoose @nestjs/jwt @nestjs/passport @nestjs/swagger
reflect-metadata typeorm prisma @prisma/client drizzle-orm drizzle-kit mongodb mysql sqlite3
better-sqlite3 pg-promise objection bull bullmq amqplib kafkajs @aws-sdk/client-s3
aws-sdk firebase firebase-admin stripe @sendgrid/mail nodemailer twilio @google-cloud/storage
@grpc/grpc-js @grpc/proto-loader protobufjs
passport passport-local passport-jwt express-session connect-redis express-validator
express-rate-limit http-proxy-middleware cookie-session csurf serve-static serve-favicon
hapi @hapi/hapi restify @koa/router koa-router koa-bodyparser @fastify/cors @fastify/static
apollo-server @apollo/server @apollo/client graphql-tag type-graphql
ws socket.io-client node-fetch got superagent request cross-fetch
react-redux @reduxjs/toolkit redux redux-thunk redux-saga zustand jotai mobx mobx-react
@tanstack/react-query swr formik react-hook-form yup joi ajv class-validator class-transformer
styled-components @emotion/react @emotion/styled @mui/material @mui/icons-material
@chakra-ui/react antd bootstrap react-bootstrap @headlessui/react @heroicons/react
framer-motion classnames clsx tailwind-merge react-icons lucide-react @radix-ui/react-dialog
@radix-ui/react-slot class-variance-authority react-select react-toastify react-helmet
react-i18next i18next chart.js react-chartjs-2 recharts d3 three leaflet
lodash-es underscore ramda immutable immer fs-extra glob rimraf mkdirp del cpy-cli
cross-env concurrently npm-run-all shx nodemon ts-node-dev tsx tsup rollup @rollup/plugin-node-resolve
@rollup/plugin-commonjs @rollup/plugin-typescript @swc/core @swc/cli parcel turbo nx lerna
semver minimist debug ms inquirer ora boxen figlet cli-table3 execa shelljs cross-spawn
js-yaml yaml xml2js fast-xml-parser csv-parse papaparse xlsx pdfkit marked markdown-it
handlebars ejs pug mustache nunjucks cheerio jsdom-global
bcrypt argon2 crypto-js jose uuid validator qs query-string path-to-regexp
pino pino-pretty bunyan log4js debug
sharp jimp canvas node-gyp node-sass serialport
moment-timezone luxon date-fns-tz
http-server serve live-server browser-sync
typescript@latest npm yarn pnpm corepack
firebase-tools @vercel/ncc vercel netlify-cli serverless
@storybook/react storybook
docusaurus @docusaurus/core gatsby
electron electron-builder
@sentry/node @sentry/react newrelic dd-trace prom-client
@opentelemetry/api @opentelemetry/sdk-node @opentelemetry/auto-instrumentations-node
""".split()


def fnv1a32(data):
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(name):
    return format(fnv1a32(name.encode("utf-8")) % SHARDS, "02x")


def write_json_gz(path, data):
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    blob = gzip.compress(text, compresslevel=9, mtime=0)
    with open(path, "wb") as f:
        f.write(blob)
    return len(text), len(blob)


# ---------------------------------------------------------------- lockfiles

def lockfile_paths():
    out = []
    for base, dirs, files in os.walk(CONTEXTS):
        dirs[:] = sorted(d for d in dirs if d != "node_modules")
        for f in sorted(files):
            if f in ("package-lock.json", "yarn.lock", "package.json", "npm-shrinkwrap.json"):
                out.append(os.path.join(base, f))
    return out


def alias(name, version):
    """`npm:real@1.2.3` -> (real, 1.2.3); a plain version as is."""
    if version.startswith("npm:"):
        real, _, v = version[4:].rpartition("@")
        return real or name, v
    return name, version


def read_lockfiles():
    """(pinned: set of (name, version), ranges: set of (name, range))."""
    pinned, ranges = set(), set()
    for path in lockfile_paths():
        base = os.path.basename(path)
        if base in ("package-lock.json", "npm-shrinkwrap.json"):
            data = json.load(open(path, encoding="utf-8"))
            for key, entry in (data.get("packages") or {}).items():
                if not key or "node_modules/" not in key or entry.get("link"):
                    continue
                name = entry.get("name") or key.rsplit("node_modules/", 1)[1]
                if entry.get("version"):
                    pinned.add(alias(name, entry["version"]))

            def walk(deps):
                for name, entry in (deps or {}).items():
                    if entry.get("version"):
                        pinned.add(alias(name, entry["version"]))
                    walk(entry.get("dependencies"))
            walk(data.get("dependencies"))
        elif base == "yarn.lock":
            head = None
            for line in open(path, encoding="utf-8"):
                if line and not line[0].isspace() and not line.startswith("#") and line.strip():
                    spec = line.strip().rstrip(":").split(",")[0].strip().strip('"')
                    at = spec.find("@", 1)
                    head = spec[:at] if at > 0 else spec
                    rng = spec[at + 1:] if at > 0 else ""
                    if rng.startswith("npm:"):
                        head, _ = alias(head, rng)
                elif head and line.strip().startswith("version "):
                    pinned.add((head, line.strip().split(None, 1)[1].strip('"')))
                    head = None
        else:  # package.json: the ranges it asks for
            try:
                data = json.load(open(path, encoding="utf-8"))
            except ValueError:
                continue
            for field in ("dependencies", "devDependencies"):
                for name, r in (data.get(field) or {}).items():
                    if isinstance(r, str):
                        ranges.add(alias(name, r))
    pinned = {(n, v) for n, v in pinned if npm.parse_version(v)}
    return pinned, ranges


# ---------------------------------------------------------------- documents

def slim(doc):
    """The parts of a registry document the crawl and the manifests use."""
    if not doc or "versions" not in doc:
        return None
    versions = {}
    for v, m in doc["versions"].items():
        if not isinstance(m, dict):
            continue
        keep = {k: m[k] for k in ("dependencies", "optionalDependencies", "peerDependencies",
                                  "peerDependenciesMeta", "os", "cpu", "libc", "bin",
                                  "hasInstallScript") if m.get(k)}
        scripts = m.get("scripts") or {}
        if isinstance(scripts, dict) and any(scripts.get(s) for s in
                                             ("preinstall", "install", "postinstall")):
            keep["scripts_install"] = True
        dist = m.get("dist") or {}
        keep["dist"] = {k: dist[k] for k in ("tarball", "unpackedSize", "fileCount") if k in dist}
        versions[v] = keep
    return {"dist-tags": doc.get("dist-tags") or {}, "versions": versions}


def slim_document(name):
    try:
        return slim(npm.document(name))
    except Exception as error:  # a package gone from the registry
        print(f"{name}: {error}", file=sys.stderr)
        return None


def edges(manifest):
    deps = dict(manifest.get("dependencies") or {})
    for peer, r in (manifest.get("peerDependencies") or {}).items():
        meta = (manifest.get("peerDependenciesMeta") or {}).get(peer, {})
        if not meta.get("optional"):
            deps.setdefault(peer, r)
    for dep, r in (manifest.get("optionalDependencies") or {}).items():
        deps[dep] = r
    out = []
    for dep, r in deps.items():
        if not isinstance(r, str):
            continue
        if r.startswith("npm:"):
            real, _, r = r[4:].rpartition("@")
            dep = real or dep
        if r.startswith(("git", "http", "file:", "link:", "workspace:")) or "/" in r:
            continue
        out.append((dep, r))
    return out


def crawl(roots):
    """roots: (name, range or exact version) pairs -> docs, chosen versions."""
    docs, chosen = {}, {}
    pending = list(roots)
    while pending:
        names = sorted({n for n, _ in pending if n not in docs})
        if names:
            print(f"  {len(names)} documents...", file=sys.stderr)
        with ThreadPoolExecutor(WORKERS) as pool:
            for name, doc in zip(names, pool.map(slim_document, names)):
                docs[name] = doc
                if doc:
                    pending.append((name, "latest"))  # every package's latest, too
        next_pending = []
        for name, range_text in pending:
            doc = docs.get(name)
            if not doc:
                continue
            if range_text in doc["versions"]:
                version = range_text
            else:
                try:
                    version = npm.best(doc, range_text)
                except Exception:
                    version = None
            if version is None or version in chosen.setdefault(name, set()):
                continue
            chosen[name].add(version)
            next_pending.extend(edges(doc["versions"][version]))
        pending = next_pending
    return docs, chosen


# ---------------------------------------------------------------- measure

MEASURED = os.path.join(npm.CACHE, "measured.json")
lock = threading.Lock()


def measure(name, version, url, cache):
    k = f"{name}@{version}"
    if k in cache:
        return cache[k]
    path = os.path.join(npm.CACHE, "tarballs", f"{name.replace('/', '__')}-{version}.tgz")
    npm.fetch(url, path)
    size = os.path.getsize(path)
    total = files = 0
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if member.isfile():
                total += member.size
                files += 1
    result = [total, files, size]
    with lock:
        cache[k] = result
    return result


def entry_of(name, manifest, measured):
    unpacked, files, tarball = measured
    entry = {"size": unpacked, "files": files, "tarball": tarball}
    for field, out in (("dependencies", "deps"), ("optionalDependencies", "optional")):
        if manifest.get(field):
            entry[out] = manifest[field]
    peers = {p: r for p, r in (manifest.get("peerDependencies") or {}).items()
             if not (manifest.get("peerDependenciesMeta") or {}).get(p, {}).get("optional")}
    if peers:
        entry["peers"] = peers
    for field in ("libc", "os", "cpu"):
        if manifest.get(field):
            entry[field] = manifest[field]
    bins = manifest.get("bin")
    if isinstance(bins, str):
        bins = {name.split("/")[-1]: bins}
    if bins:
        entry["bin"] = bins
    if manifest.get("hasInstallScript") or manifest.get("scripts_install"):
        entry["install_script"] = True
    return entry


def main():
    started = time.time()
    old = json.load(gzip.open(os.path.join(HERE, "npm", "registry.json.gz")))
    old_packages = old["packages"]
    pinned, ranges = read_lockfiles()
    print(f"lockfiles: {len(pinned)} pinned versions of {len({n for n, _ in pinned})} packages, "
          f"{len(ranges)} package.json ranges", file=sys.stderr)
    seeds = [s.split("@latest")[0] for s in SEEDS]
    roots = [(n, "latest") for n in dict.fromkeys(npm.POPULAR + seeds + sorted(old_packages))]
    roots += sorted(pinned) + sorted(ranges)
    roots += [(n, v) for n, p in sorted(old_packages.items()) for v in p["versions"]]
    for n, p in old_packages.items():
        roots.append((n, p["latest"]))
    docs, chosen = crawl(roots)

    cache = json.load(open(MEASURED)) if os.path.exists(MEASURED) else {}
    jobs = []
    for name, versions in sorted(chosen.items()):
        for version in sorted(versions):
            if version in old_packages.get(name, {}).get("versions", {}):
                continue
            manifest = docs[name]["versions"][version]
            if not npm.fits_linux_x64(manifest):
                continue
            jobs.append((name, version, manifest))
    print(f"{len(jobs)} new versions to measure ({sum(1 for n, v, _ in jobs if f'{n}@{v}' in cache)}"
          f" measured before)", file=sys.stderr)

    failed = []
    done = [0]

    def one(job):
        name, version, manifest = job
        dist = manifest["dist"]
        try:
            result = measure(name, version, dist["tarball"], cache)
        except Exception as error:
            print(f"{name}@{version}: {error}", file=sys.stderr)
            failed.append(f"{name}@{version}")
            result = None
        with lock:
            done[0] += 1
            if done[0] % 500 == 0:
                print(f"  measured {done[0]}/{len(jobs)} ({time.time() - started:.0f}s)",
                      file=sys.stderr)
                json.dump(cache, open(MEASURED, "w"))
        return job, result

    packages = {n: {"latest": p["latest"], "versions": dict(p["versions"])}
                for n, p in old_packages.items()}
    with ThreadPoolExecutor(WORKERS) as pool:
        for (name, version, manifest), measured in pool.map(one, jobs):
            if measured is None:
                continue
            p = packages.setdefault(name, {"latest": docs[name]["dist-tags"].get("latest"),
                                           "versions": {}})
            p["versions"][version] = entry_of(name, manifest, measured)
    json.dump(cache, open(MEASURED, "w"))

    shards = {format(i, "02x"): {} for i in range(SHARDS)}
    for name, p in packages.items():
        shards[shard_of(name)][name] = p
    out_dir = os.path.join(HERE, "npm", "shards")
    total = largest = 0
    for xx, pkgs in sorted(shards.items()):
        _, size = write_json_gz(os.path.join(out_dir, f"{xx}.json.gz"),
                                {"schema": 2, "packages": pkgs})
        total += size
        largest = max(largest, size)
    versions = sum(len(p["versions"]) for p in packages.values())
    new = len(set(packages) - set(old_packages))
    print(f"{out_dir}: {len(packages)} packages ({new} new), {versions} versions "
          f"({len(jobs) - len(failed)} measured here), {total} bytes gzipped in {SHARDS} shards "
          f"(largest {largest}); {len(failed)} failed; {time.time() - started:.0f}s")
    if failed:
        print("failed: " + " ".join(failed), file=sys.stderr)


if __name__ == "__main__":
    main()
