/* Attendance form: a tapped status is saved at once (one tap per change). The whole form is
 * posted with the X-Attendance-Autosave header; the server answers one line of JSON (saved, or
 * what is still to mark) shown in the live status region. Without JavaScript the "Save" button
 * does the same. Loaded from a file: no inline script (CSP). */
(function () {
  "use strict";

  var form = document.getElementById("attendance-form");
  var status = document.getElementById("attendance-status");
  if (!form || !status || !window.fetch || !window.FormData) {
    return;
  }
  var pending = null;

  function save() {
    var body = new FormData(form);
    var request = fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Attendance-Autosave": "1" },
    });
    pending = request;
    request
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (pending !== request) {
          return; // a later tap is on its way: its answer counts
        }
        status.textContent = answer.message;
        form.dataset.saved = answer.saved ? "yes" : "no";
      })
      .catch(function () {
        if (pending === request) {
          status.textContent = form.dataset.offline || "";
          form.dataset.saved = "no";
        }
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") {
      form.dataset.saved = "saving";
      save();
    }
  });
})();
