// Stagecraft's build guard (src/ui/guard.rs): a module worker that runs
// the app's own WebAssembly (the page sends the compiled module and the URL
// of its JavaScript) and, for each job the page sends, runs the build to
// its end. The page waits for the answer with a watchdog: a job that never
// ends is stopped with the worker, and one that crashes the WebAssembly is
// answered with the error, never with a frozen or dead tab.
let bindings = null;

self.onmessage = async (event) => {
  const { glue, module, job } = event.data;
  try {
    if (bindings === null) {
      const loaded = await import(glue);
      await loaded.default({ module_or_path: module });
      bindings = loaded;
    }
    await bindings.guard_job(job);
    self.postMessage({ done: true });
  } catch (error) {
    const message = error && error.message ? `${error.name || 'Error'}: ${error.message}` : String(error);
    self.postMessage({ crashed: message });
    // The WebAssembly may be left in pieces: the page starts a new worker.
    self.close();
  }
};
