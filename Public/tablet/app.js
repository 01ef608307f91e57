// Min dag, the offline-first tablet app (issue #4). The day is kept on the device and shown at
// once; every change goes into an outbox with an id made here, and is sent when there is a
// connection (the server applies each id once). A live stream tells the app when its day changed.
"use strict";

(() => {
  // Texts before the first day arrives; afterwards the server's catalogue (day.texts) is used.
  const FALLBACK = {
    tablet_online: "Tilkoblet", tablet_offline: "Frakoblet", tablet_waiting: "endringer venter",
    tablet_none_waiting: "Alt er sendt", tablet_no_day: "Ingen liste er lagret på nettbrettet ennå. Koble til nettet for å hente dagens liste.",
    tablet_sign_in: "Logg inn", tablet_unlock: "Lås opp", tablet_session_ended: "Økten er avsluttet. Logg inn igjen for å hente listen.",
    tablet_locked: "Nettbrettet er låst.", tablet_sign_out: "Logg ut",
    tablet_password_change: "Passordet ditt ble satt av en annen. Bytt det før du henter listen.", password_save: "Bytt passord",
    tablet_unsent_confirm: "endringer er ikke sendt ennå. Logg ut likevel? De blir slettet fra nettbrettet.",
  };
  // Bokmål like the pages, unless the person chose English (the `lang` cookie, which the server
  // reads first).
  const LANGUAGE = "nb";
  const main = document.getElementById("main");
  const connection = document.getElementById("connection");
  const waiting = document.getElementById("waiting");
  let day = null;
  let online = navigator.onLine;
  let flushing = null;
  let flushAgain = false;
  let liveStream = null;

  const t = (key) => (day && day.texts && day.texts[key]) || FALLBACK[key] || key;

  // Builds elements without innerHTML, so names and reports are never read as markup.
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child.nodeType ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  // Replaces the screen's content; left-out parts (null) are skipped.
  function show(...parts) {
    main.replaceChildren(...parts.flat().filter((part) => part !== null && part !== undefined && part !== false));
  }

  function newID() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ISO 8601 without milliseconds: what the server reads.
  const nowISO = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

  async function showStatus() {
    connection.textContent = online ? t("tablet_online") : t("tablet_offline");
    connection.className = "connection " + (online ? "online" : "offline");
    const count = (await myOutbox()).length;
    waiting.textContent = count > 0 ? `${count} ${t("tablet_waiting")}` : t("tablet_none_waiting");
    waiting.dataset.count = String(count);
    document.body.dataset.waiting = String(count);
  }

  // ---- Fetching the day ----

  async function refresh() {
    let response;
    try {
      response = await fetch("/api/v1/tablet/day", { headers: { Accept: "application/json", "Accept-Language": LANGUAGE }, credentials: "same-origin", cache: "no-store" });
    } catch (error) {
      setOnline(false);
      return;
    }
    setOnline(true);
    if (response.status === 401) {
      // The device session ended: the health data kept for it goes.
      await TabletStore.clearDay();
      day = null;
      showSignIn(t("tablet_session_ended"), "/login");
      return;
    }
    if (response.status === 423) {
      showSignIn(t("tablet_locked"), "/unlock");
      return;
    }
    if (response.status === 403) {
      const body = await response.json().catch(() => ({}));
      if (body.code === "passwordChangeRequired") showSignIn(t("tablet_password_change"), "/password");
      return;
    }
    if (!response.ok) return;
    const fresh = await response.json();
    await TabletStore.putDay(fresh);
    if (day && day.staffID !== fresh.staffID) await TabletStore.clearRejected();
    const shown = day && day.staffID === fresh.staffID && dayText(day);
    day = fresh;
    await applyOutboxToDay();
    // Redraw only when something changed: a redraw moves focus and the screen under the finger.
    if (dayText(day) !== shown) render();
    startLive();
  }

  // Whose device session this is (the server's `tilsyn_staff` cookie), or the kept day's owner
  // when the cookie is not there (offline since before it existed).
  function signedInStaff() {
    const match = document.cookie.match(/(?:^|;\s*)tilsyn_staff=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : day && day.staffID;
  }

  // The day as shown, without what changes on every fetch (when it was made, the token).
  function dayText(value) {
    const { generatedAt, csrf, ...shown } = value;
    return JSON.stringify(shown);
  }

  function showSignIn(message, path) {
    main.replaceChildren(
      h("p", { role: "alert" }, message),
      h("p", {}, h("a", { href: `${path}?next=${encodeURIComponent("/tablet/index.html")}`, class: "button", id: "sign-in-link" },
        path === "/unlock" ? t("tablet_unlock") : path === "/password" ? t("password_save") : t("tablet_sign_in"))));
  }

  // What is still in the outbox shows on the list as if sent, so the screen matches what was done.
  async function applyOutboxToDay() {
    if (!day) return;
    for (const change of await myOutbox()) applyLocally(change);
  }

  function applyLocally(change) {
    const visit = day.visits.find((v) => v.id === change.visitId);
    if (!visit) return;
    if (change.type === "checkOff") {
      if (change.action === "start" && !visit.state) visit.state = "started";
      if (change.action === "done") visit.state = "done";
      if (change.action === "notDone") visit.state = "notDone";
      visit.status = stateText(visit.state);
    }
    if (change.type === "report") visit.pendingReports = (visit.pendingReports || 0) + 1;
    if (change.type === "equipmentMissing") {
      const item = (visit.equipment || []).find((e) => e.id === change.equipmentId);
      if (item) item.missing = true;
    }
  }

  function stateText(state) {
    return { started: t("tablet_state_started"), done: t("tablet_state_done"), notDone: t("tablet_state_not_done") }[state] || t("tablet_state_planned");
  }

  // ---- The outbox ----

  // The changes made by the person signed in now. Another person's (signed in before on this
  // device, signed out without sending) wait for them: never sent in someone else's name.
  async function myOutbox() {
    const mine = day && day.staffID;
    return (await TabletStore.outbox()).filter((change) => !change.staffId || change.staffId === mine);
  }

  async function record(change) {
    change.id = newID();
    change.staffId = day.staffID;
    change.at = nowISO();
    await TabletStore.enqueue(change);
    applyLocally(change);
    await TabletStore.putDay(day);
    await showStatus();
    flush();
  }

  // Sends the outbox in order, a few changes (or one photo report) at a time.
  function flush() {
    // A change recorded while a sending is finishing must not wait for the next chance.
    if (flushing) {
      flushAgain = true;
      return flushing;
    }
    flushing = (async () => {
      try {
        do {
          flushAgain = false;
          await sendOutbox();
        } while (flushAgain && online);
      } finally {
        flushing = null;
        await showStatus();
      }
    })();
    return flushing.then(() => refresh());
  }

  async function sendOutbox() {
    for (;;) {
      const pending = await myOutbox();
      if (pending.length === 0 || !day) return;
      const batch = [];
      let size = 0;
      for (const change of pending) {
        const weight = JSON.stringify(change).length;
        if (batch.length > 0 && (batch.length >= 20 || size + weight > 6_000_000)) break;
        batch.push(change);
        size += weight;
      }
      let response;
      try {
        response = await fetch("/api/v1/tablet/changes", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": LANGUAGE, "X-CSRF-Token": day.csrf },
          body: JSON.stringify({ changes: batch.map(({ seq, staffId, ...change }) => change) }),
        });
      } catch (error) {
        setOnline(false);
        break;
      }
      setOnline(true);
      if (response.status === 401 || response.status === 423 || response.status === 403) {
        await refresh();
        break;
      }
      if (!response.ok) break; // kept; tried again later
      const { results } = await response.json();
      const bySeq = new Map(batch.map((change) => [change.id, change.seq]));
      const refused = results.filter((r) => r.status === "rejected");
      await settleIntakes(batch, results);
      if (refused.length > 0) {
        await TabletStore.reject(refused.map((r) => ({ id: r.id, message: r.message, change: batch.find((c) => c.id === r.id) })));
      }
      await TabletStore.removeFromOutbox(results.map((r) => bySeq.get(r.id)).filter((seq) => seq !== undefined));
    }
  }

  function setOnline(value) {
    if (online === value) return;
    online = value;
    showStatus();
  }

  // ---- Live updates ----

  function startLive() {
    if (liveStream || !window.EventSource) return;
    liveStream = new EventSource("/api/v1/live");
    let timer = null;
    liveStream.addEventListener("change", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 50);
    });
    liveStream.addEventListener("ready", () => setOnline(true));
    liveStream.onerror = () => {
      if (liveStream.readyState === EventSource.CLOSED) {
        liveStream = null;
        setTimeout(startLive, 5000);
      }
    };
  }

  // ---- Screens ----

  // A fresh day must not wipe a report being written: while a form on the screen has input, the
  // screen is redrawn only when the person leaves it or saves.
  function render(force) {
    if (!force && main.querySelector("form[data-dirty]")) return;
    const match = location.hash.match(/^#visit\/([0-9A-Fa-f-]+)/);
    const intake = location.hash.match(/^#intake\/([0-9A-Za-z-]+)/);
    if (!day) {
      main.replaceChildren(h("p", { role: "status" }, t("tablet_no_day")));
      return;
    }
    document.getElementById("who").textContent = day.staffName;
    document.getElementById("sign-out").textContent = t("tablet_sign_out");
    document.getElementById("desktop-link").textContent = t("tablet_desktop");
    document.documentElement.lang = day.language === "en" ? "en" : "nb";
    if (match) renderVisit(match[1]);
    else if (intake && day.intake) renderIntake(intake[1]);
    else renderList();
    showRejected();
  }

  function renderList() {
    const items = day.visits.map((visit) =>
      h("li", { class: `card visit-row state-${visit.state || "planned"}` },
        h("a", { href: `#visit/${visit.id}`, class: "visit-link" }, h("strong", {}, visit.time), ` ${visit.recipient} – ${visit.title}`),
        h("br"), `${visit.address} · ${visit.duration} min`, visit.twoPerson ? ` · ${t("tablet_two_person")}` : "",
        " · ", h("a", { href: visit.mapLink, target: "_blank", rel: "noopener" }, t("tablet_map")),
        h("br"), h("span", { class: "hint visit-status" }, visit.status)));
    show(
      h("h1", {}, `${t("tablet_title")} ${day.date}`),
      day.notices.length ? h("section", { class: "card notices", "aria-label": t("tablet_notices") }, h("ul", {}, day.notices.map((n) => h("li", {}, n)))) : null,
      items.length ? h("ol", { class: "work-list", id: "work-list" }, items) : h("p", {}, t("tablet_none")),
      day.tasks.length ? h("section", { "aria-labelledby": "tasks-heading" }, h("h2", { id: "tasks-heading" }, t("tablet_my_tasks")),
        h("ul", {}, day.tasks.map((task) => h("li", { class: task.overdue ? "overdue" : "" }, `${task.kind}${task.text ? " – " + task.text : ""}${task.recipient ? " (" + task.recipient + ")" : ""} · ${task.due}`)))) : null,
      day.intake ? intakeSection() : null);
    performance.mark("list-ready");
    document.body.dataset.ready = "list";
  }

  function renderVisit(id) {
    const visit = day.visits.find((v) => v.id === id);
    if (!visit) {
      location.hash = "";
      return renderList();
    }
    const open = visit.state !== "done" && visit.state !== "notDone";
    const reasonSelect = h("select", { id: "not-done-reason" }, day.reasons.map((r) => h("option", { value: r.value }, r.label)));
    show(
      h("p", {}, h("a", { href: "#" }, `← ${t("tablet_title")}`)),
      h("h1", {}, `${visit.time} ${visit.recipient} – ${visit.title}`),
      h("p", {}, `${visit.address} · ${visit.duration} min · `, h("a", { href: visit.mapLink, target: "_blank", rel: "noopener" }, t("tablet_map")),
        " · ", h("a", { href: `/recipients/${visit.recipientID}`, id: "record-link" }, t("tablet_record"))),
      h("p", { role: "status", id: "visit-status" }, h("strong", {}, visit.status)),
      h("div", { class: "alarm-actions" },
        open && !visit.state ? h("button", { type: "button", id: "start-visit", onclick: () => checkOff(visit, "start") }, t("tablet_start")) : null,
        open ? h("button", { type: "button", id: "done-visit", onclick: () => checkOff(visit, "done") }, t("tablet_done")) : null,
        open ? h("span", { class: "inline-form" }, h("label", {}, `${t("tablet_not_done_reason")} `, reasonSelect),
          h("button", { type: "button", id: "not-done-visit", onclick: () => checkOff(visit, "notDone", reasonSelect.value) }, t("tablet_not_done"))) : null),
      visit.keySafe ? h("p", {}, h("strong", {}, `${t("tablet_key_safe")}: `), visit.keySafe) : null,
      h("section", { "aria-labelledby": "measures-heading" }, h("h2", { id: "measures-heading" }, t("tablet_care_plan")),
        h("dl", { class: "facts" }, visit.measures.map((m) => h("div", {}, h("dt", {}, m.title), h("dd", {}, m.instructions))))),
      (visit.equipment || []).length ? h("section", { "aria-labelledby": "equipment-heading" }, h("h2", { id: "equipment-heading" }, t("tablet_equipment")),
        h("ul", { class: "equipment" }, visit.equipment.map((item) => h("li", {}, item.name, item.note ? ` (${item.note}) ` : " ",
          item.missing ? h("span", { class: "badge warning" }, t("tablet_missing_reported"))
            : h("button", { type: "button", class: "secondary", "data-equipment": item.id,
              onclick: async () => { await record({ type: "equipmentMissing", visitId: visit.id, equipmentId: item.id }); render(true); } }, t("tablet_missing")))))) : null,
      visit.contacts.length ? h("section", { "aria-labelledby": "contacts-heading" }, h("h2", { id: "contacts-heading" }, t("tablet_contacts")),
        h("dl", { class: "facts" }, visit.contacts.map((c) => h("div", {}, h("dt", {}, c.label), h("dd", {}, h("a", { href: `tel:${c.phone.replace(/\s/g, "")}` }, c.phone)))))) : null,
      h("section", { "aria-labelledby": "reports-heading" }, h("h2", { id: "reports-heading" }, t("tablet_latest_reports")),
        visit.pendingReports ? h("p", { class: "hint" }, `${visit.pendingReports} ${t("tablet_reports_waiting")}`) : null,
        visit.reports.length ? visit.reports.map(reportCard) : h("p", {}, t("tablet_no_reports"))),
      reportForm(visit),
      taskForm(visit));
    document.body.dataset.ready = "visit";
  }

  function reportCard(report) {
    return h("article", { class: "card report" },
      h("p", {}, h("strong", {}, report.at), ` · ${report.author} · ${report.visit}`),
      report.measures ? h("p", {}, report.measures) : null,
      report.facts ? h("p", {}, report.facts) : null,
      report.observation ? h("p", {}, report.observation) : null,
      report.photos.map((src) => h("img", { src, alt: t("tablet_photo_alt"), class: "report-photo", loading: "lazy" })));
  }

  function reportForm(visit) {
    const form = h("form", { id: "report-form", class: "card" },
      h("h2", {}, t("tablet_write_report")),
      visit.measures.length ? h("fieldset", {}, h("legend", {}, t("tablet_measures_done")),
        visit.measures.map((m) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "measures", value: m.id }), ` ${m.title}`))) : null,
      h("label", {}, `${t("tablet_condition")} `, h("select", { name: "condition" }, h("option", { value: "" }, "–"), day.conditions.map((c) => h("option", { value: c.value }, c.label)))),
      h("label", {}, `${t("tablet_meal")} `, h("select", { name: "meal" }, h("option", { value: "" }, "–"), day.meals.map((c) => h("option", { value: c.value }, c.label)))),
      h("label", {}, `${t("tablet_pain")} `, h("input", { type: "number", name: "pain", min: "0", max: "10", inputmode: "numeric" })),
      h("label", {}, `${t("tablet_observation")} `, h("textarea", { name: "observation", rows: "4", maxlength: "4000" })),
      h("label", {}, `${t("tablet_photos")} `, h("input", { type: "file", name: "photos", accept: "image/*", capture: "environment", multiple: true, id: "report-photos" })),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "followUp" }), ` ${t("tablet_follow_up")}`),
      h("p", { class: "error-message", role: "alert", id: "report-error", hidden: true }),
      h("button", { type: "submit", id: "save-report" }, t("tablet_save_report")));
    form.addEventListener("input", () => { form.dataset.dirty = "1"; });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const report = {
        measures: data.getAll("measures"), observation: data.get("observation") || "",
        condition: data.get("condition") || null, meal: data.get("meal") || null,
        pain: data.get("pain") === "" ? null : Number(data.get("pain")), followUp: data.get("followUp") !== null, photos: [],
      };
      const error = form.querySelector("#report-error");
      if (!report.measures.length && !report.observation.trim() && !report.condition && !form.photos.files.length) {
        error.textContent = t("tablet_report_empty");
        error.hidden = false;
        return;
      }
      for (const file of form.photos.files) report.photos.push(await photo(file));
      await record({ type: "report", visitId: visit.id, report });
      render(true);
      announce(t("tablet_report_saved"));
    });
    return form;
  }

  function taskForm(visit) {
    const form = h("form", { id: "task-form", class: "card" },
      h("h2", {}, t("tablet_new_task")),
      h("label", {}, `${t("tablet_task_kind")} `, h("select", { name: "kind" }, day.taskKinds.map((k) => h("option", { value: k.value }, k.label)))),
      h("label", {}, `${t("tablet_task_text")} `, h("input", { type: "text", name: "text", maxlength: "500" })),
      h("label", {}, `${t("tablet_task_owner")} `, h("select", { name: "owner" }, day.owners.map((o) => h("option", { value: o.value }, o.label)))),
      h("label", {}, `${t("tablet_task_due")} `, h("input", { type: "datetime-local", name: "due", value: tomorrowAtTen(), required: true })),
      h("button", { type: "submit", id: "save-task" }, t("tablet_save_task")));
    form.addEventListener("input", () => { form.dataset.dirty = "1"; });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      delete form.dataset.dirty;
      await record({ type: "task", visitId: visit.id, task: { kind: data.get("kind"), text: data.get("text"), owner: data.get("owner"), due: data.get("due") } });
      form.reset();
      announce(t("tablet_task_saved"));
    });
    return form;
  }

  function tomorrowAtTen() {
    const date = new Date(Date.now() + 86_400_000);
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T10:00`;
  }

  // A photo made smaller on the device (at most 1600 px, JPEG), as base64 for the outbox.
  async function photo(file) {
    try {
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.82));
      return { contentType: "image/jpeg", data: await base64(blob) };
    } catch (error) {
      return { contentType: file.type, data: await base64(file) };
    }
  }

  function base64(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",")[1] || "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  async function checkOff(visit, action, reason) {
    await record({ type: "checkOff", visitId: visit.id, action, reason: reason || null });
    if (action === "start") render(true);
    else {
      location.hash = "";
      render(true);
    }
  }

  function announce(message) {
    const status = h("p", { class: "notice", role: "status" }, message);
    main.prepend(status);
    setTimeout(() => status.remove(), 4000);
  }

  async function showRejected() {
    const refused = await TabletStore.rejected();
    document.getElementById("rejected")?.remove();
    if (!refused.length) return;
    main.append(h("section", { id: "rejected", class: "card warnings", role: "alert" },
      h("h2", {}, t("tablet_rejected")),
      h("ul", {}, refused.map((r) => h("li", {}, r.message || ""))),
      h("button", { type: "button", onclick: async () => { await TabletStore.clearRejected(); render(true); } }, t("tablet_rejected_seen"))));
  }

  // ---- Intake assessments (R17): a draft on the device at every keystroke, sent in later ----

  // Drafts to go on with: those on this tablet, and those kept on the server (saved elsewhere)
  // unless this tablet has a newer copy. Sent-in ones wait in the outbox and are not listed.
  async function openDrafts() {
    const all = (await TabletStore.drafts()).filter((d) => !d.staffId || d.staffId === day.staffID);
    const local = all.filter((d) => !d.submitted);
    const sent = new Set(all.filter((d) => d.submitted).map((d) => d.id));
    const byID = new Map(local.map((d) => [d.id, { ...d, local: !d.synced }]));
    for (const remote of (day && day.intakeDrafts) || []) {
      const mine = byID.get(remote.id);
      if (sent.has(remote.id) || (mine && mine.savedAt >= remote.savedAt)) continue;
      byID.set(remote.id, { ...remote, local: false });
    }
    return [...byID.values()].sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
  }

  function intakeSection() {
    const section = h("section", { "aria-labelledby": "intake-heading", id: "intakes" },
      h("h2", { id: "intake-heading" }, t("tablet_intakes")),
      h("p", {}, h("a", { href: `#intake/${newID()}`, class: "button", id: "new-intake" }, t("tablet_intake_new"))));
    openDrafts().then((drafts) => {
      if (!drafts.length) return;
      section.append(h("h3", {}, t("tablet_intake_drafts")),
        h("ul", { id: "intake-drafts" }, drafts.map((d) => h("li", {},
          h("a", { href: `#intake/${d.id}`, class: "intake-draft" }, draftName(d.answers)),
          ` · ${new Date(d.savedAt).toLocaleString(day.language === "en" ? "en-GB" : "nb-NO", { dateStyle: "short", timeStyle: "short" })}`))));
    });
    return section;
  }

  function draftName(answers) {
    const name = `${answers.givenName || ""} ${answers.familyName || ""}`.trim();
    return name || t("tablet_intake_unnamed");
  }

  async function renderIntake(id) {
    const drafts = await openDrafts();
    const draft = drafts.find((d) => d.id === id) || { id, zone: day.intake.defaultZone, answers: {} };
    const a = draft.answers;
    const form = day.intake;
    const text = (name, label, attributes) => h("label", {}, `${t(label)} `, h("input", { type: "text", name, value: a[name] || "", ...attributes }));
    const select = (name, label, choices, chosen) => h("label", {}, `${label} `,
      h("select", { name }, h("option", { value: "" }, "–"), choices.map((c) => h("option", { value: c.value, selected: String(chosen ?? "") === c.value }, c.label))));
    const checks = (name, legend, choices) => h("fieldset", {}, h("legend", {}, t(legend)),
      choices.map((c) => h("label", { class: "check" }, h("input", { type: "checkbox", name, value: c.value, checked: (a[name] || []).includes(c.value) }), ` ${c.label}`)));
    const element = h("form", { id: "intake-form", class: "card stacked-form", "data-intake": id, novalidate: true },
      h("fieldset", {}, h("legend", {}, t("intake_person")),
        text("givenName", "intake_given_name", { maxlength: "100", autocomplete: "off" }),
        text("familyName", "intake_family_name", { maxlength: "100", autocomplete: "off" }),
        text("birthDate", "intake_birth_date", { type: "date" }),
        text("address", "intake_address", { maxlength: "200" }),
        text("phone", "intake_phone", { type: "tel", maxlength: "40" }),
        h("label", {}, `${t("intake_zone")} `,
          h("select", { name: "zone" }, form.zones.map((z) => h("option", { value: z.value, selected: z.value === draft.zone }, z.label))))),
      h("fieldset", {}, h("legend", {}, t("intake_application")),
        select("referredBy", t("intake_referred_by"), form.referrals, a.referredBy),
        h("label", {}, `${t("intake_reason")} `, h("textarea", { name: "reason", rows: "3", maxlength: "2000" }, a.reason || "")),
        select("living", t("intake_living"), form.livings, a.living)),
      h("fieldset", {}, h("legend", {}, t("intake_functions")), h("p", { class: "hint" }, t("intake_functions_hint")),
        form.areas.map((area) => select(`fn-${area.value}`, area.label, form.levels, (a.functions || {})[area.value]))),
      checks("risks", "intake_risks", form.risks),
      checks("services", "intake_services", form.services),
      h("fieldset", {}, h("legend", {}, t("intake_relative")),
        text("relativeName", "intake_relative_name", { maxlength: "200" }),
        text("relativePhone", "intake_relative_phone", { type: "tel", maxlength: "40" })),
      h("label", {}, `${t("intake_notes")} `, h("textarea", { name: "notes", rows: "4", maxlength: "4000" }, a.notes || "")),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "consent", checked: a.consent === true }), ` ${t("intake_consent")}`),
      h("p", { class: "error-message", role: "alert", id: "intake-error", hidden: true }),
      h("p", {},
        h("button", { type: "button", class: "secondary", id: "save-intake-draft", onclick: () => saveIntake(element, false) }, t("intake_save_draft")), " ",
        h("button", { type: "submit", id: "submit-intake" }, t("intake_submit"))),
      h("p", { class: "hint", role: "status", id: "intake-autosave" }));
    element.addEventListener("input", () => {
      element.dataset.dirty = "1";
      clearTimeout(element.keepTimer);
      element.keepTimer = setTimeout(() => keepDraft(element), 300);
    });
    element.addEventListener("submit", (event) => {
      event.preventDefault();
      saveIntake(element, true);
    });
    show(h("p", {}, h("a", { href: "#" }, `← ${t("tablet_title")}`)),
      h("h1", {}, a.givenName || a.familyName ? `${t("tablet_intakes")}: ${draftName(a)}` : t("tablet_intake_new")), element);
    document.body.dataset.ready = "intake";
  }

  function readIntake(element) {
    const data = new FormData(element);
    const functions = {};
    for (const area of day.intake.areas) {
      const level = data.get(`fn-${area.value}`);
      if (level) functions[area.value] = Number(level);
    }
    const value = (name) => String(data.get(name) || "");
    return {
      zone: value("zone"),
      answers: {
        givenName: value("givenName"), familyName: value("familyName"), birthDate: value("birthDate"), address: value("address"),
        phone: value("phone"), referredBy: value("referredBy"), reason: value("reason"), living: value("living"), functions,
        risks: data.getAll("risks"), services: data.getAll("services"), relativeName: value("relativeName"),
        relativePhone: value("relativePhone"), consent: data.get("consent") !== null, notes: value("notes"),
      },
    };
  }

  // Every keystroke lands on the device: a reload, a flat battery or a lost connection loses nothing.
  async function keepDraft(element) {
    if (!element.isConnected) return; // saved or sent meanwhile
    const { zone, answers } = readIntake(element);
    await TabletStore.putDraft({ id: element.dataset.intake, staffId: day.staffID, zone, answers, savedAt: nowISO(), synced: false });
    const status = element.querySelector("#intake-autosave");
    if (status) status.textContent = t("tablet_intake_saved_locally");
  }

  async function saveIntake(element, submit) {
    const { zone, answers } = readIntake(element);
    const id = element.dataset.intake;
    const error = element.querySelector("#intake-error");
    const complete = answers.givenName.trim() && answers.familyName.trim() && answers.address.trim() && answers.reason.trim()
      && day.intake.areas.every((area) => answers.functions[area.value]) && answers.consent;
    if (submit && !complete) {
      error.textContent = t("tablet_intake_missing");
      error.hidden = false;
      return;
    }
    // The outbox carries the save to the server (a draft kept there too, or the sending in).
    clearTimeout(element.keepTimer);
    await TabletStore.putDraft({ id, staffId: day.staffID, zone, answers, savedAt: nowISO(), synced: !submit, submitted: submit });
    delete element.dataset.dirty;
    await record({ type: "intake", intake: { id, zone, answers, submit } });
    if (submit) {
      location.hash = "";
      render(true);
      announce(t("tablet_intake_sent"));
    } else announce(t("tablet_intake_saved_locally"));
  }

  // What the server said of sent-in intakes: accepted ones leave the device; a refused one is a
  // draft again (the reason is shown with the other refused changes).
  async function settleIntakes(batch, results) {
    let settled = false;
    for (const result of results) {
      const change = batch.find((c) => c.id === result.id);
      if (!change || change.type !== "intake" || !change.intake.submit) continue;
      if (result.status === "rejected") {
        const draft = await TabletStore.getDraft(change.intake.id);
        if (draft) await TabletStore.putDraft({ ...draft, submitted: false, synced: false });
      } else await TabletStore.deleteDraft(change.intake.id);
      settled = true;
    }
    // The list of drafts changed on the device, not in the day: show it.
    if (settled && !location.hash.startsWith("#intake/")) render();
  }

  // ---- Sign-out: send what is waiting first; never drop it without asking ----

  async function signOut() {
    await flush();
    const count = (await myOutbox()).length + (await openDrafts()).filter((d) => d.local).length;
    if (count > 0 && !confirm(`${count} ${t("tablet_unsent_confirm")}`)) return;
    try {
      if (day) await fetch("/api/v1/session", { method: "DELETE", credentials: "same-origin", headers: { "X-CSRF-Token": day.csrf, Accept: "application/json" } });
    } catch (error) { /* offline: the session ends on the server by itself */ }
    liveStream?.close();
    await TabletStore.clearAll();
    location.href = "/login";
  }

  async function start() {
    document.getElementById("sign-out").addEventListener("click", signOut);
    window.addEventListener("hashchange", () => { render(true); window.scrollTo(0, 0); });
    window.addEventListener("online", () => { setOnline(true); flush(); });
    window.addEventListener("offline", () => setOnline(false));
    day = (await TabletStore.getDay()) || null;
    if (day && day.staffID !== signedInStaff()) {
      // Someone else signed in on this device: what was kept for the one before is not shown.
      day = null;
      await TabletStore.clearDay();
      await TabletStore.clearRejected();
    }
    if (day) {
      await applyOutboxToDay();
      render();
    }
    await showStatus();
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/tablet/sw.js", { scope: "/tablet/" }).catch(() => {});
    await flush();
    // Without a live stream (or when it drops), look again now and then.
    setInterval(() => { if (!liveStream || liveStream.readyState !== EventSource.OPEN) flush(); }, 30_000);
  }

  start();
})();
