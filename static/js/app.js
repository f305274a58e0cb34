// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Close an open dropdown when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.dropdown[open]").forEach(function (d) {
      if (!d.contains(event.target)) d.removeAttribute("open");
    });
  });
  // A field whose whole value is meant to be copied (a new API token) selects itself on focus.
  // (An inline onfocus= would be blocked by the Content-Security-Policy.)
  document.querySelectorAll("[data-select-on-focus]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
  // Let a flash message fade after a while.
  var flash = document.getElementById("flash");
  if (flash && flash.classList.contains("flash-success")) {
    setTimeout(function () { flash.classList.add("flash-fade"); }, 6000);
  }
  // Dialogs: a link (or a GET form) with data-dialog="ID" opens its page's form in a
  // <dialog> instead of navigating. The form posts normally, so errors and redirects behave
  // as without JavaScript. Without <dialog> support, the link is simply followed.
  function dialogFor(id) {
    var dialog = document.getElementById(id);
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.id = id;
      dialog.className = "dialog";
      dialog.innerHTML = '<div class="dialog-body" data-dialog-body></div>';
      document.body.appendChild(dialog);
    }
    return dialog;
  }
  function openDialog(id, url) {
    var dialog = dialogFor(id);
    if (typeof dialog.showModal !== "function") return false;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "dialog" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var form = doc.querySelector("main form[id]");
        if (!form) { window.location.href = url; return; }
        var body = dialog.querySelector("[data-dialog-body]") || dialog;
        body.innerHTML = "";
        body.appendChild(document.importNode(form, true));
        if (form.querySelector("h2[id]")) dialog.setAttribute("aria-labelledby", form.querySelector("h2[id]").id);
        if (!dialog.open) dialog.showModal();
        var first = dialog.querySelector("select, input:not([type=hidden]), textarea");
        if (first) first.focus();
      })
      .catch(function () { window.location.href = url; });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-dialog]");
    if (link && openDialog(link.getAttribute("data-dialog"), link.href)) {
      event.preventDefault();
      return;
    }
    var close = event.target.closest && event.target.closest("dialog [data-dialog-close]");
    if (close) {
      event.preventDefault();
      close.closest("dialog").close();
    }
  });
  // A list action button with data-dialog-get="/path" opens that page's form in a dialog
  // with the ticked ids (and the list to come back to) instead of posting the action.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-dialog-get]");
    if (!button || !button.form) return;
    var query = new URLSearchParams();
    new FormData(button.form).getAll("ids").forEach(function (id) { query.append("ids", id); });
    if (!query.getAll("ids").length) return;
    query.append("next", window.location.pathname + window.location.search);
    var url = button.getAttribute("data-dialog-get") + "?" + query.toString();
    if (openDialog(button.getAttribute("data-dialog"), url)) event.preventDefault();
  });
  // Inside a dialog, a submit button with data-dialog-refresh (the customer search) posts
  // in the background and shows the answer's form in the same dialog.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var dialog = form.closest && form.closest("dialog");
    var button = event.submitter;
    if (!dialog || !button || !button.hasAttribute("data-dialog-refresh")) return;
    event.preventDefault();
    var data = new FormData(form);
    data.append(button.name, button.value);
    // getAttribute: the wizard has a field named "action", which hides form.action.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
      headers: { "X-Requested-With": "dialog" }
    })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(form.id);
        if (!fresh) { plain(); return; }
        form.replaceWith(document.importNode(fresh, true));
        var again = dialog.querySelector("[name=" + button.name + "][value=" + button.value + "]");
        var box = dialog.querySelector("input[type=search]");
        (box || again || dialog).focus();
      })
      .catch(function (e) { if (window.console) console.error(e); plain(); });
    // Without the background answer: the same submit, as without JavaScript.
    function plain() {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      form.appendChild(field);
      form.submit();
    }
  });
  // Convert to Opportunity: a salesperson picked by hand resets the team to "follows".
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-team-follows]")) return;
    var team = document.getElementById(select.getAttribute("data-team-follows"));
    if (team) team.value = "";
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-dialog]") || (form.method || "get").toLowerCase() !== "get") return;
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = form.action + (form.action.indexOf("?") < 0 ? "?" : "&") + query;
    if (openDialog(form.getAttribute("data-dialog"), url)) event.preventDefault();
  });
})();

// Lists: select-all and the count of ticked rows on the Actions button.
(function () {
  "use strict";
  var form = document.getElementById("list-form");
  if (!form) return;
  var all = form.querySelector("[data-select-all]");
  var boxes = function () { return form.querySelectorAll("input[name=ids]"); };
  var count = form.querySelector("[data-selcount]");
  var refresh = function () {
    var n = 0;
    boxes().forEach(function (b) { if (b.checked) n++; });
    if (count) count.textContent = n ? "(" + n + ")" : "";
    if (all) all.checked = n > 0 && n === boxes().length;
  };
  if (all) all.addEventListener("change", function () {
    boxes().forEach(function (b) { b.checked = all.checked; });
    refresh();
  });
  form.addEventListener("change", refresh);
  refresh();
})();

// Kanban: drag a card to another column; POST the same endpoint as the per-card form.
(function () {
  "use strict";
  var board = document.getElementById("pipeline");
  if (!board) return;
  document.documentElement.classList.add("js");
  var csrf = board.getAttribute("data-csrf");
  var dragged = null;
  board.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest(".kanban-card");
    // A read-only card (a teammate's record) is not moved, even by dragging its link.
    if (!card || card.hasAttribute("data-readonly")) return;
    dragged = card;
    card.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });
  board.addEventListener("dragover", function (e) {
    var col = e.target.closest && e.target.closest(".kanban-col");
    if (!col || !dragged) return;
    e.preventDefault();
    board.querySelectorAll(".drop-target").forEach(function (c) { if (c !== col) c.classList.remove("drop-target"); });
    col.classList.add("drop-target");
  });
  board.addEventListener("drop", function (e) {
    var col = e.target.closest && e.target.closest(".kanban-col");
    if (!col || !dragged) return;
    e.preventDefault();
    var card = dragged;
    var stage = col.getAttribute("data-stage");
    var body = new URLSearchParams({ csrf: csrf, stage_id: stage });
    fetch("/leads/" + card.getAttribute("data-id") + "/stage", {
      method: "POST",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (r) {
      if (r.ok) { window.location.reload(); }
      else { r.json().then(function (j) { alert(j.error || "Could not move the card."); }); }
    });
  });
})();

// Grouped lists: a group's tick box ticks (or unticks) the rows shown in that group, and
// shows whether they all are ticked.
(function () {
  "use strict";
  var form = document.getElementById("list-form");
  if (!form) return;
  var groups = form.querySelectorAll("details.group");
  if (!groups.length) return;
  var rowsOf = function (group) { return group.querySelectorAll("input[name=ids]"); };
  var refresh = function () {
    groups.forEach(function (group) {
      var box = group.querySelector("[data-select-group]");
      var rows = rowsOf(group), n = 0;
      rows.forEach(function (b) { if (b.checked) n++; });
      if (box) { box.checked = n > 0 && n === rows.length; box.indeterminate = n > 0 && n < rows.length; }
    });
  };
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-select-group]")) {
      rowsOf(box.closest("details.group")).forEach(function (b) { b.checked = box.checked; });
      // The Actions count and the select-all box follow the rows just ticked.
      form.dispatchEvent(new Event("change"));
      return;
    }
    refresh();
  });
  refresh();
})();
