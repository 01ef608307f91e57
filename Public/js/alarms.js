// Operator console: the queue updates itself. The live stream (`/api/v1/live?alarms=1`, topics
// only, no health data) says when an alarm changed; the page then asks whether its queue changed
// (a count and a time) and reloads when it did, so a new alarm shows at once. Without the stream
// it asks every two seconds.
(function () {
  "use strict";
  var live = document.getElementById("alarm-live");
  if (!live) return;
  var version = live.dataset.version;
  var stream = null;
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
  if (window.EventSource) {
    stream = new EventSource("/api/v1/live?alarms=1");
    stream.addEventListener("change", check);
    stream.addEventListener("ready", check); // anything missed while connecting
  }
  setInterval(function () {
    if (!stream || stream.readyState !== EventSource.OPEN) check();
  }, 2000);
  // A safety net even with the stream open.
  setInterval(check, 15000);
})();
