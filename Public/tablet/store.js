// The tablet's own storage (IndexedDB): the day kept for offline use, the outbox of changes made
// on the device, the changes the server refused (kept so the user can see why), and intake
// assessments being written.
"use strict";

const TabletStore = (() => {
  const NAME = "tilsyn-tablet";
  const VERSION = 2;
  let opened = null;

  function open() {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("day")) db.createObjectStore("day");
        if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        if (!db.objectStoreNames.contains("rejected")) db.createObjectStore("rejected", { keyPath: "id" });
        // Intake assessments being written (R17): kept here at every keystroke, offline or not.
        if (!db.objectStoreNames.contains("drafts")) db.createObjectStore("drafts", { keyPath: "id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opened;
  }

  async function run(storeName, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const store = tx.objectStore(storeName);
      let result;
      Promise.resolve(work(store)).then((value) => { result = value; });
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  function requestValue(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  return {
    getDay: () => run("day", "readonly", (s) => requestValue(s.get("current"))),
    putDay: (day) => run("day", "readwrite", (s) => { s.put(day, "current"); }),
    /// Adds a change; it is in the outbox (and survives a reload) once this resolves.
    enqueue: (change) => run("outbox", "readwrite", (s) => { s.add(change); }),
    outbox: () => run("outbox", "readonly", (s) => requestValue(s.getAll())),
    removeFromOutbox: (seqs) => run("outbox", "readwrite", (s) => { seqs.forEach((seq) => s.delete(seq)); }),
    reject: (items) => run("rejected", "readwrite", (s) => { items.forEach((item) => s.put(item)); }),
    rejected: () => run("rejected", "readonly", (s) => requestValue(s.getAll())),
    clearRejected: () => run("rejected", "readwrite", (s) => { s.clear(); }),
    putDraft: (draft) => run("drafts", "readwrite", (s) => { s.put(draft); }),
    getDraft: (id) => run("drafts", "readonly", (s) => requestValue(s.get(id))),
    drafts: () => run("drafts", "readonly", (s) => requestValue(s.getAll())),
    deleteDraft: (id) => run("drafts", "readwrite", (s) => { s.delete(id); }),
    /// The health data kept for offline use; the outbox is left for the same person to send.
    clearDay: () => run("day", "readwrite", (s) => { s.clear(); }),
    /// Everything, at sign-out.
    clearAll: async () => {
      const db = await open();
      db.close();
      opened = null;
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(NAME);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
    },
  };
})();
