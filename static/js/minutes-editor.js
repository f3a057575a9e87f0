/* Minutes editor: "Add a row" adds an empty action row in place, without a page reload.
 * Without JavaScript the same button saves the draft and the editor comes back with an extra
 * empty row (pages.minutes.views.MinutesSaveView). Loaded from a file: no inline script (CSP). */
(function () {
  "use strict";

  var FIELD = /action_\d+_/;

  function renumber(element, index) {
    ["id", "name", "for", "aria-describedby"].forEach(function (attribute) {
      var value = element.getAttribute(attribute);
      if (value && FIELD.test(value)) {
        element.setAttribute(attribute, value.replace(/action_\d+_/g, "action_" + index + "_"));
      }
    });
  }

  function addRow(fieldset, button) {
    var rows = fieldset.querySelectorAll("[data-action-row]");
    if (!rows.length) {
      return false;
    }
    var index = rows.length;
    var row = rows[rows.length - 1].cloneNode(true);
    row.querySelectorAll(".invalid-feedback, [data-action-state]").forEach(function (element) {
      element.remove();
    });
    row.querySelectorAll("*").forEach(function (element) {
      renumber(element, index);
      element.classList.remove("is-invalid");
      if (element.matches("input, textarea")) {
        element.value = "";
      }
      if (element.matches("select")) {
        element.selectedIndex = 0;
      }
    });
    fieldset.insertBefore(row, button);
    var first = row.querySelector("input:not([type=hidden])");
    if (first) {
      first.focus();
    }
    return true;
  }

  document.querySelectorAll("[data-action-rows]").forEach(function (fieldset) {
    var button = fieldset.querySelector("[data-add-action-row]");
    if (!button) {
      return;
    }
    button.addEventListener("click", function (event) {
      if (addRow(fieldset, button)) {
        event.preventDefault();
      }
    });
  });
})();
