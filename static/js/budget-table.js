/*
 * SWV Portaal, the begroting's table: Escape in a line's amounts form (a table row marked
 * data-escape-cancel) does what its Annuleren link (data-cancel) does, so the row comes back
 * unchanged. Enter saves: the inputs belong to the row's form. Without JavaScript the form is a
 * page of its own with an Annuleren link.
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) {
      return;
    }
    var row = event.target.closest("[data-escape-cancel]");
    var cancel = row && row.querySelector("[data-cancel]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });
})();
