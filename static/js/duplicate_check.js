// The duplicate warning while the lead form is filled in. Progressive enhancement only:
// without this file the first Save shows the matches and asks "Save anyway".
// The form's hidden #confirm-duplicates field carries data-dup-check="URL" (and, on edit,
// data-dup-id): after a pause in typing in a field the finder reads, those fields (never the
// CSRF token) are sent to URL as a read-only GET and the answer's HTML fills #dup-panel.
// Matches shown count as seen: the Save then reads "Save anyway" and the server does not ask
// again; "Merge into it" and "Open" are in the panel's HTML.
(function () {
  "use strict";
  var READ = ["title", "contact_name", "company_name", "email", "phone", "mobile", "street",
    "city", "zip", "country", "partner_id", "salesperson_id", "team_id", "msg_channel",
    "msg_handle", "from"];
  var TYPED = ["contact_name", "company_name", "email", "phone", "mobile", "msg_handle"];
  var DELAY = 400;
  var timer = null;
  var asked = 0;
  var last = null;

  function parts() {
    var confirm = document.getElementById("confirm-duplicates");
    var form = document.getElementById("lead-form");
    var panel = document.getElementById("dup-panel");
    if (!confirm || !form || !panel || !confirm.hasAttribute("data-dup-check")) return null;
    return { confirm: confirm, form: form, panel: panel };
  }

  function query(p) {
    var params = new URLSearchParams();
    var typed = false;
    new FormData(p.form).forEach(function (value, key) {
      if (typeof value !== "string" || READ.indexOf(key) < 0) return;
      params.append(key, value);
      if (TYPED.indexOf(key) >= 0 && value.trim()) typed = true;
    });
    var id = p.confirm.getAttribute("data-dup-id");
    if (id) params.set("id", id);
    return typed ? params.toString() : "";
  }

  function show(p, count, html) {
    p.panel.innerHTML = html;
    p.panel.hidden = count === 0;
    var layout = document.getElementById("dup-layout");
    if (layout) layout.classList.toggle("has-dups", count > 0);
    p.confirm.value = count > 0 ? "1" : "";
    var save = document.getElementById("lead-save");
    if (save) {
      var label = save.getAttribute(count > 0 ? "data-anyway" : "data-save");
      if (label) save.textContent = label;
    }
  }

  function ask() {
    var p = parts();
    if (!p) return;
    var q = query(p);
    if (q === last) return;
    last = q;
    var mine = ++asked;
    if (!q) { show(p, 0, ""); return; }
    var url = p.confirm.getAttribute("data-dup-check") + "?" + q;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) {
        if (answer && answer.ok && mine === asked) show(p, answer.count, answer.html);
      })
      .catch(function () {});
  }

  function watched(target) {
    return target && target.form && target.form.id === "lead-form" &&
      READ.indexOf(target.name) >= 0;
  }

  document.addEventListener("input", function (event) {
    if (!watched(event.target)) return;
    clearTimeout(timer);
    timer = setTimeout(ask, DELAY);
  });
  document.addEventListener("change", function (event) {
    if (!watched(event.target)) return;
    clearTimeout(timer);
    timer = setTimeout(ask, DELAY);
  });
})();
