// Stagecraft's service worker: after one visit the app works offline (a
// classroom on poor Wi-Fi). The page itself (index.html) is fetched from
// the network first, so a new version arrives when there is one; the
// bundle (its names carry a hash) and the catalog data come from the
// cache first. The page tells the worker what it loaded before the worker
// took charge, so that is cached too, and older versions of those bundle
// files are dropped.
const CACHE = 'stagecraft-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add('./')).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

// A bundle file's name without its content hash (Trunk names them
// NAME-<hash>.EXT, the hash a 64-bit number in hex without leading zeros:
// 16 digits, or fewer when it starts with zeros; fewer than 12 is left to
// chance, 1 in 65,536, and keeps a data file such as `node-20.json` from
// looking like a bundle): every version of one file has the same stem.
function stem(url) {
  const m = new URL(url, self.location.href).pathname.match(/^(.*)-[0-9a-f]{12,16}((?:_bg)?\.[a-z0-9]+)$/);
  return m ? m[1] + m[2] : null;
}

// Drops the other versions of the bundle files the page loaded: a new
// version of the app names them anew, and the old ones would otherwise
// stay in the cache for good. A file the page did not list is kept.
async function dropOldVersions(cache, urls) {
  const loaded = new Set(urls.map((url) => new URL(url, self.location.href).href));
  const stems = new Set(urls.map(stem).filter((s) => s !== null));
  let dropped = 0;
  for (const request of await cache.keys()) {
    const s = stem(request.url);
    if (s !== null && stems.has(s) && !loaded.has(request.url)) {
      if (await cache.delete(request)) dropped += 1;
    }
  }
  return dropped;
}

// The page's list of what it loaded: cache each, once, drop the versions
// it replaced, then say so.
self.addEventListener('message', (event) => {
  const urls = ((event.data && event.data.cache) || []).filter(sameOrigin);
  const port = event.ports && event.ports[0];
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      let missing = 0;
      for (const url of urls) {
        if (await cache.match(url)) continue;
        try {
          await cache.add(url);
        } catch {
          missing += 1;
        }
      }
      const dropped = await dropOldVersions(cache, urls);
      if (port) port.postMessage({ cached: urls.length - missing, missing, dropped });
    }),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  if (request.mode === 'navigate') {
    // Network first: the newest page when online, the kept one offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put('./', copy)));
          return response;
        })
        .catch(() => caches.match('./')),
    );
    return;
  }
  event.respondWith(
    caches.match(request).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        }),
    ),
  );
});
