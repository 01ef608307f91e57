// Planning page: while the planner works (the form post waits for it), show that it is working
// and for how long, so a leader does not press the button twice.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    var button = document.getElementById("plan-button");
    var status = document.getElementById("plan-progress");
    var started = Date.now();
    button.disabled = true;
    function show() {
      var seconds = Math.floor((Date.now() - started) / 1000);
      status.textContent = status.dataset.working.replace("{s}", seconds).replace("{budget}", status.dataset.budget);
    }
    show();
    setInterval(show, 500);
  });
})();
