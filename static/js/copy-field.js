/*
 * SWV Portaal: a "copy" button for a read-only field (the agenda address on the
 * kwaliteitskalender's page). The button is hidden in the HTML and shown only when the browser
 * can copy (navigator.clipboard); without it, the field selects itself on focus, so the address
 * can be copied by hand.
 *   <input id="X" readonly> … <button data-copy="X" hidden> … <span data-copy-status role="status">
 */
(function () {
  "use strict";

  function say(button, text) {
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (status) {
      status.textContent = text;
    }
  }

  function wire(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    field.addEventListener("focus", function () {
      field.select();
    });
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          say(button, "Gekopieerd. Plak het adres in uw agenda.");
        },
        function () {
          field.focus();
          say(button, "Kopiëren lukte niet. Het adres is geselecteerd: kopieer het zelf.");
        }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(wire);
  });
})();
