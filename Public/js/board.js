// The leader's live board: it follows its zone's live stream and reloads when something on it
// changed (not while a form is being filled in); visits can be dragged to another person's row,
// which posts the same checked move as the form. The print page gets its print button here.
(function () {
  "use strict";
  var printButton = document.getElementById("print-button");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  var board = document.getElementById("board-live");
  if (!board) return;
  var error = document.getElementById("board-error");

  function busy() {
    var active = document.activeElement;
    return active && (active.tagName === "INPUT" || active.tagName === "SELECT" || active.tagName === "TEXTAREA");
  }

  function reload() {
    if (busy()) { setTimeout(reload, 2000); return; }
    var url = "/board?zone=" + encodeURIComponent(board.dataset.zone) + "&shift=" + encodeURIComponent(board.dataset.shift);
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board-live");
        if (fresh) { board.replaceWith(fresh); board = fresh; error = document.getElementById("board-error"); wire(); }
      })
      .catch(function () { /* offline for a moment; the next change reloads */ });
  }

  if (window.EventSource) {
    var stream = new EventSource("/api/v1/live?zone=" + encodeURIComponent(board.dataset.zone));
    var timer = null;
    stream.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(reload, 50); });
  }

  function move(visit, staff) {
    var body = new URLSearchParams({ zone: board.dataset.zone, shift: board.dataset.shift, visit: visit, staff: staff });
    fetch("/board/move", {
      method: "POST", credentials: "same-origin", body: body,
      headers: { Accept: "application/json", "X-CSRF-Token": board.dataset.csrf },
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          var reasons = (answer.violations || []).map(function (v) { return v.reason; }).join(" ");
          error.textContent = reasons || answer.reason || String(response.status);
          error.hidden = false;
        } else {
          error.hidden = true;
          reload();
        }
      });
    }).catch(function () { error.textContent = board.dataset.offline; error.hidden = false; });
  }

  function wire() {
    board.querySelectorAll("[draggable=true]").forEach(function (chip) {
      chip.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", chip.dataset.visit);
        event.dataTransfer.effectAllowed = "move";
      });
    });
    board.querySelectorAll(".board-row").forEach(function (row) {
      row.addEventListener("dragover", function (event) { event.preventDefault(); row.classList.add("drop-target"); });
      row.addEventListener("dragleave", function () { row.classList.remove("drop-target"); });
      row.addEventListener("drop", function (event) {
        event.preventDefault();
        row.classList.remove("drop-target");
        var visit = event.dataTransfer.getData("text/plain");
        if (visit) move(visit, row.dataset.staff);
      });
    });
  }
  wire();
})();
