// My alarms: a new request to go shows within two seconds without the staff member doing anything
// (the page asks whether anything changed, and reloads when it did).
(function () {
  "use strict";
  var live = document.getElementById("my-alarms-live");
  if (!live) return;
  var version = live.dataset.version;
  setInterval(function () {
    fetch("/my-alarms/version", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body && body.version !== version) window.location.reload(); })
      .catch(function () { /* no connection for a moment */ });
  }, 2000);
})();
