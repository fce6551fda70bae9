// Registers the service worker (sw.js) and hands it the list of what this
// page loaded before the worker was in charge, so that it is cached for
// offline use. When the worker has all of it, the page is marked
// `data-offline-ready`.
if ('serviceWorker' in navigator) {
  const loaded = () =>
    [location.href.split('#')[0], ...performance.getEntriesByType('resource').map((e) => e.name)];
  const tell = () =>
    navigator.serviceWorker.ready.then((registration) => {
      if (!registration.active) return;
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (event.data && event.data.missing === 0) {
          document.documentElement.dataset.offlineReady = String(event.data.cached);
        }
      };
      registration.active.postMessage({ cache: loaded() }, [channel.port2]);
    });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').then(tell).catch(() => undefined);
  });
  navigator.serviceWorker.addEventListener('controllerchange', tell);
  // What loaded while the worker was starting (later fetches go through
  // it, and it caches them).
  setTimeout(tell, 5000);
}
