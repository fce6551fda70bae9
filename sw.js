// Stagecraft's service worker: after one visit the app works offline (a
// classroom on poor Wi-Fi). The page itself (index.html) is fetched from
// the network first, so a new version arrives when there is one; the
// bundle (its names carry a hash) and the catalog data come from the
// cache first. The page tells the worker what it loaded before the worker
// took charge, so that is cached too.
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

// The page's list of what it loaded: cache each, once, then say so.
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
      if (port) port.postMessage({ cached: urls.length - missing, missing });
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
