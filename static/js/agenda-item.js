/* Agenda item form: picking a work form fills in the title and duration from the option's
 * data-title and data-duration, unless the facilitator typed their own. Without JavaScript the
 * server does the same on save for an empty title or duration (sessions.forms.AgendaItemForm).
 * Loaded from a file: no inline script (CSP). */
(function () {
  "use strict";

  var select = document.getElementById("id_work_form");
  var title = document.getElementById("id_title");
  var duration = document.getElementById("id_duration_minutes");
  if (!select || !title || !duration) {
    return;
  }
  // What we filled in last: replaced on the next pick, unlike what the facilitator typed.
  var filled = { title: title.value, duration: duration.value };
  var chosen = select.options[select.selectedIndex];
  if (!chosen || !chosen.dataset.title || chosen.dataset.title !== title.value) {
    filled = { title: "", duration: "" };
  }

  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    if (!option || !option.dataset.title) {
      return;
    }
    if (title.value === "" || title.value === filled.title) {
      title.value = option.dataset.title;
      filled.title = title.value;
    }
    if (duration.value === "" || duration.value === filled.duration) {
      duration.value = option.dataset.duration;
      filled.duration = duration.value;
    }
  });
})();
