// Signing out removes what the tablet app keeps on this device (health data). Changes the app
// has not sent yet are never dropped without asking.
"use strict";

(() => {
  const form = document.querySelector('form[action="/logout"]');
  if (!form || !window.indexedDB) return;
  function countOutbox() {
    return new Promise((resolve) => {
      const request = indexedDB.open("tilsyn-tablet");
      request.onupgradeneeded = () => { request.transaction.abort(); resolve(0); };
      request.onerror = () => resolve(0);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("outbox")) { db.close(); resolve(0); return; }
        const count = db.transaction("outbox").objectStore("outbox").count();
        count.onsuccess = () => { db.close(); resolve(count.result); };
        count.onerror = () => { db.close(); resolve(0); };
      };
    });
  }
  form.addEventListener("submit", async (event) => {
    if (form.dataset.cleared) return;
    event.preventDefault();
    const count = await countOutbox();
    if (count > 0 && !confirm(form.dataset.unsent.replace("%d", count))) return;
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase("tilsyn-tablet");
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
    form.dataset.cleared = "1";
    form.submit();
  });
})();
