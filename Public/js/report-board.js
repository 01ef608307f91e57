// Report board: on a wall screen it keeps itself current. Every five seconds it asks whether
// meetings, action points or reads changed (counts only) and reloads when they did — unless someone
// is typing in a form on this screen.
(function () {
  "use strict";
  var live = document.getElementById("report-live");
  if (!live) return;
  var version = live.dataset.version;
  setInterval(function () {
    var active = document.activeElement;
    if (active && (active.tagName === "INPUT" || active.tagName === "SELECT") && active.value) return;
    fetch("/report/version?zone=" + encodeURIComponent(live.dataset.zone), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body && body.version !== version) window.location.reload(); })
      .catch(function () { /* no connection for a moment */ });
  }, 5000);
})();
