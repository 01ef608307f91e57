// Operator console: the queue updates itself. Every two seconds it asks whether anything changed
// (a count and a time, no health data) and reloads when it did, so a new alarm shows at once
// without the operator pressing anything.
(function () {
  "use strict";
  var live = document.getElementById("alarm-live");
  if (!live) return;
  var version = live.dataset.version;
  function check() {
    fetch("/alarms/version", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && body.version !== version) {
          live.textContent = live.dataset.changed;
          window.location.reload();
        }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  setInterval(check, 2000);
})();
