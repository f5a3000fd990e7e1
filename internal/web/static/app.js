// Sésame's small enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // After a refused form, put the keyboard on the first field in error so the
  // message next to it is read out.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector(".is-invalid");
    if (invalid) { invalid.focus(); }
  });

  // --- The console's selection (F-23) -------------------------------------
  // "Tout sélectionner" means every result of the filter, not only this page:
  // the form then sends all=1 and the server resolves the list.
  function updateCounter() {
    var counter = document.getElementById("compteur");
    var all = document.getElementById("tout");
    if (!counter || !all) { return; }
    var n = all.checked ? Number(all.dataset.total || 0)
      : document.querySelectorAll(".row-check:checked").length;
    counter.textContent = n + " compte(s) sélectionné(s)";
  }
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.id === "tout") {
      document.querySelectorAll(".row-check").forEach(function (box) { box.checked = t.checked; });
      updateCounter();
    } else if (t.classList && t.classList.contains("row-check")) {
      var all = document.getElementById("tout");
      if (all && !t.checked) { all.checked = false; }
      updateCounter();
    }
  });
  document.addEventListener("htmx:afterSettle", updateCounter);

  // --- Instant search from the second letter (F-21) -------------------------
  // One letter matches about a quarter of a large establishment: counting
  // and sorting those thousands of accounts is the console's slowest query,
  // for a list nobody reads. So typing updates the list from the second
  // letter on; Entrée still searches on a single letter (a submit, not an
  // input event), and emptying the field still shows every account.
  document.addEventListener("htmx:confirm", function (e) {
    var typed = e.detail.triggeringEvent;
    var q = document.getElementById("f-q");
    if (q && typed && typed.type === "input" && typed.target === q && q.value.trim().length === 1) {
      e.preventDefault();
    }
  });

  // --- Confirmation dialogs (F-25) ------------------------------------------
  // The server sends the dialog's content into #dialog-body; show it as a
  // modal dialog (focus stays inside, Escape closes it).
  document.addEventListener("htmx:afterSwap", function (e) {
    var dialog = document.getElementById("dialogue");
    if (!dialog) { return; }
    if (e.detail.target && e.detail.target.id === "dialog-body") {
      if (!dialog.open) { dialog.showModal(); }
      var first = dialog.querySelector("button, a");
      if (first) { first.focus(); }
    } else if (e.detail.target && e.detail.target.id === "resultats" && dialog.open) {
      dialog.close();
      var report = document.getElementById("rapport");
      if (report) { report.setAttribute("tabindex", "-1"); report.focus(); }
    }
  });
  document.addEventListener("click", function (e) {
    var close = e.target.closest && e.target.closest("[data-close-dialog]");
    if (close) {
      var dialog = close.closest("dialog");
      if (dialog) { e.preventDefault(); dialog.close(); }
    }
  });

  // --- Downloads ------------------------------------------------------------
  // Exports are file downloads, which htmx cannot receive: submit the form
  // natively (form.submit() fires no submit event, so htmx stays out).
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-download]");
    if (!button || !button.form) { return; }
    e.preventDefault();
    var form = button.form, action = form.getAttribute("action");
    var field = document.createElement("input");
    field.type = "hidden"; field.name = button.name; field.value = button.value;
    form.appendChild(field);
    form.setAttribute("action", button.getAttribute("formaction"));
    HTMLFormElement.prototype.submit.call(form);
    form.setAttribute("action", action);
    form.removeChild(field);
  });
})();

// --- Account forms: creation wizard, identifier, modify page (F-30, F-31) --
(function () {
  "use strict";

  // A page may name the element to start from (the existing-person offer,
  // the modify page's report), unless a field in error already took focus.
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector(".is-invalid")) { return; }
    var target = document.querySelector("[data-focus]");
    if (target) { target.focus(); }
  });

  // "Masquer détail" / "Afficher détail" folds a domain of the rights table.
  // Folded radios stay in the form, so they are still sent.
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-toggle-rights]");
    if (!button) { return; }
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var label = button.querySelector("[data-label]");
    if (label) { label.textContent = open ? "Masquer détail" : "Afficher détail"; }
    if (panel) { panel.hidden = !open; }
  });

  // "Version sonore" reads the identifier character by character in French.
  // The server writes what to say in data-speak; without speech synthesis
  // the button disappears and the spelled text on the page remains.
  var speech = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;
  document.addEventListener("DOMContentLoaded", function () {
    if (speech) { return; }
    document.querySelectorAll("[data-speak]").forEach(function (b) { b.hidden = true; });
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-speak]");
    if (!button || !speech) { return; }
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    var say = new SpeechSynthesisUtterance(button.getAttribute("data-speak"));
    say.lang = "fr-FR";
    say.rate = 0.7;
    var voice = window.speechSynthesis.getVoices().filter(function (v) { return /^fr/i.test(v.lang); })[0];
    if (voice) { say.voice = voice; }
    if (status) {
      status.textContent = "Lecture de l'identifiant en cours…";
      say.onend = function () { status.textContent = ""; };
    }
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(say);
  });

  // The printable identifier opens the print dialog by itself; its button
  // prints again. (The CSP forbids inline scripts, hence the attributes.)
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-autoprint]")) { window.setTimeout(function () { window.print(); }, 100); }
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) { window.print(); }
  });
})();
