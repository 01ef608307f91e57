// Report board: on a wall screen it keeps itself current. The live stream
// (`/api/v1/live?report=<zone>`, topics only) says when meetings, action points or reads of this
// zone changed; the page then checks its version (counts only) and reloads when it differs —
// unless someone is typing in a form on this screen. Without the stream it asks every five seconds.
(function () {
  "use strict";
  var live = document.getElementById("report-live");
  if (!live) return;
  var version = live.dataset.version;
  var stream = null;
  function check() {
    var active = document.activeElement;
    if (active && (active.tagName === "INPUT" || active.tagName === "SELECT" || active.tagName === "TEXTAREA") && active.value) return;
    fetch("/report/version?zone=" + encodeURIComponent(live.dataset.zone), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body && body.version !== version) window.location.reload(); })
      .catch(function () { /* no connection for a moment */ });
  }
  if (window.EventSource) {
    stream = new EventSource("/api/v1/live?report=" + encodeURIComponent(live.dataset.zone));
    stream.addEventListener("change", check);
    stream.addEventListener("ready", check);
  }
  setInterval(function () {
    if (!stream || stream.readyState !== EventSource.OPEN) check();
  }, 5000);
  setInterval(check, 30000);
})();
