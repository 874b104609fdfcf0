/*
 * SWV Portaal: keyboard focus and announcements after htmx swaps (WCAG 2.4.3, 4.1.3).
 *
 * The server marks what should happen; this file only carries it out, so the rules stay in
 * the templates and their tests:
 *   data-focus          on an element: give it the focus (tabindex="-1" is added if needed);
 *   data-focus="ID"     focus the element with that id instead (a part inside a swapped tree);
 *   data-announce="…"   on the same element: say this in the page's status region;
 *   data-pending        hidden text inside a form: shown (and announced) the moment the form's
 *                       htmx request leaves, for work that takes seconds (hx-disabled-elt
 *                       disables the button meanwhile);
 *   data-job-done="K"   in a job's status part: the job of kind K finished, so the parts of the
 *                       page that show its result refresh (hx-trigger="job-done-K from:body").
 * Without JavaScript nothing here is needed: every action is a form or link of its own.
 */
(function () {
  "use strict";

  function statusRegion() {
    var region = document.getElementById("live-status");
    if (!region) {
      // A page without its own region gets one at load time: a region created just before a
      // message is often not read out.
      region = document.createElement("div");
      region.id = "live-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      (document.querySelector("main") || document.body).appendChild(region);
    }
    return region;
  }

  function announce(text) {
    var region = statusRegion();
    region.textContent = "";
    // Empty first, then the text: the same message twice in a row is read out twice.
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  function focusMarked() {
    var marked = document.querySelector("[data-focus]");
    if (!marked) {
      return;
    }
    var id = marked.getAttribute("data-focus");
    var target = (id && document.getElementById(id)) || marked;
    var message = marked.getAttribute("data-announce");
    marked.removeAttribute("data-focus"); // once: a later swap elsewhere must not jump back
    marked.removeAttribute("data-announce");
    if (!target.hasAttribute("tabindex") && target.tabIndex < 0) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
    if (message) {
      announce(message);
    }
  }

  function reportFinishedJobs() {
    document.querySelectorAll("[data-job-done]").forEach(function (marker) {
      var kind = marker.getAttribute("data-job-done");
      marker.removeAttribute("data-job-done");
      var name = "job-done-" + kind.replace(/[^a-z0-9]+/gi, "-");
      document.body.dispatchEvent(new CustomEvent(name, { bubbles: true }));
    });
  }

  function showPending(event, visible) {
    var source = event.detail && event.detail.elt;
    if (!source || !source.querySelectorAll) {
      return;
    }
    source.querySelectorAll("[data-pending]").forEach(function (note) {
      note.hidden = !visible;
      if (visible) {
        announce(note.textContent);
      }
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    showPending(event, true);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    showPending(event, false); // usually swapped away already; not when the request failed
  });

  // After htmx's own [autofocus] handling, which runs while the new content settles.
  document.addEventListener("htmx:afterSettle", function () {
    focusMarked();
    reportFinishedJobs();
  });

  // A whole page after a failed submit: the error summary takes the focus. A form posted from
  // an address with a fragment (after the skip link: "#inhoud") comes back with it, and the
  // browser would then move the focus to that fragment's target once the page has loaded: the
  // fragment goes, so the focus stays where this script puts it.
  function onLoad() {
    statusRegion();
    if (location.hash && document.querySelector("[data-focus]")) {
      history.replaceState(history.state, "", location.pathname + location.search);
    }
    focusMarked();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
