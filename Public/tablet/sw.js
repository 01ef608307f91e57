// The tablet app's service worker: keeps the app itself (never health data — the app keeps the
// day in IndexedDB and removes it at sign-out) so the app opens with no connection at all.
"use strict";

const CACHE = "tilsyn-tablet-shell-v2";
const SHELL = [
  "/tablet/index.html", "/tablet/app.js", "/tablet/store.js", "/tablet/tablet.css",
  "/tablet/manifest.webmanifest", "/tablet/icon.svg", "/css/tilsyn.css",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("tilsyn-tablet-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()));
});

// The shell: the cached copy at once, refreshed in the background when online. Everything else
// (the API, photos) goes to the network untouched.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin) return;
  const path = url.pathname === "/tablet/" ? "/tablet/index.html" : url.pathname;
  if (!SHELL.includes(path)) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(path);
    const fresh = fetch(path).then((response) => {
      if (response.ok) cache.put(path, response.clone());
      return response;
    }).catch(() => cached);
    return cached || fresh;
  }));
});
