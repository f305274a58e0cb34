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
    // The Actions panel (or any open dropdown) closes: the dialog takes over.
    document.querySelectorAll("details.dropdown[open]").forEach(function (d) { d.removeAttribute("open"); });
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

// Lists, and the selection mode of the pipeline and the Similar view: select-all and the
// count of ticked records on the Actions button. A kanban's checkboxes sit in the cards and
// join the form with form="…", so they are read through form.elements.
(function () {
  "use strict";
  ["list-form", "kanban-select", "similar-select"].forEach(function (id) {
    var form = document.getElementById(id);
    if (!form) return;
    var all = form.querySelector("[data-select-all]");
    var boxes = function () {
      return Array.prototype.filter.call(form.elements, function (e) { return e.name === "ids" && e.type === "checkbox"; });
    };
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
    // Boxes inside the form (and a "change" sent to the form itself, as the grouped list
    // does), then boxes outside it that belong to it through form="…".
    form.addEventListener("change", refresh);
    document.addEventListener("change", function (e) {
      if (e.target.form === form && !form.contains(e.target)) refresh();
    });
    refresh();
  });
})();

// Kanban: a card's "Move to…" link opens the board's one menu of stages (keyboard: arrows,
// Home/End, Enter, Escape). Without JavaScript the link opens the move page.
(function () {
  "use strict";
  var board = document.getElementById("pipeline");
  var menu = document.getElementById("move-menu");
  if (!board || !menu) return;
  var items = function () { return Array.prototype.slice.call(menu.querySelectorAll("[role=menuitem]")); };
  var trigger = null;
  function close(refocus) {
    if (menu.hidden) return;
    menu.hidden = true;
    if (trigger) trigger.setAttribute("aria-expanded", "false");
    if (refocus && trigger) trigger.focus();
    trigger = null;
  }
  function open(link) {
    trigger = link;
    var card = link.closest(".kanban-card");
    var col = card.closest(".kanban-col");
    var current = col ? col.getAttribute("data-stage") : "";
    items().forEach(function (b) {
      if (b.getAttribute("data-stage") === current) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    menu.setAttribute("data-card", card.getAttribute("data-id"));
    var r = link.getBoundingClientRect();
    menu.style.top = (window.scrollY + r.bottom + 4) + "px";
    menu.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - 200)) + "px";
    menu.hidden = false;
    link.setAttribute("aria-expanded", "true");
    var first = items().filter(function (b) { return !b.hasAttribute("aria-current"); })[0] || items()[0];
    if (first) first.focus();
  }
  board.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.card-move");
    if (!link) return;
    e.preventDefault();
    if (trigger === link) { close(true); return; }
    close(false);
    open(link);
  });
  menu.addEventListener("keydown", function (e) {
    var list = items();
    var i = list.indexOf(document.activeElement);
    var to = null;
    if (e.key === "ArrowDown") to = list[(i + 1) % list.length];
    else if (e.key === "ArrowUp") to = list[(i - 1 + list.length) % list.length];
    else if (e.key === "Home") to = list[0];
    else if (e.key === "End") to = list[list.length - 1];
    else if (e.key === "Escape") { e.preventDefault(); close(true); return; }
    else if (e.key === "Tab") { close(true); e.preventDefault(); return; }
    if (to) { e.preventDefault(); to.focus(); }
  });
  menu.addEventListener("click", function (e) {
    var item = e.target.closest && e.target.closest("[role=menuitem]");
    if (!item) return;
    var id = menu.getAttribute("data-card");
    if (item.hasAttribute("aria-current")) { close(true); return; }
    var body = new URLSearchParams({ csrf: board.getAttribute("data-csrf"), stage_id: item.getAttribute("data-stage") });
    fetch("/leads/" + id + "/stage", {
      method: "POST",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (r) {
      if (r.ok) {
        // After the reload, the keyboard goes on from the moved card.
        try { sessionStorage.setItem("leadbook-moved-card", id); } catch (err) { /* private mode */ }
        window.location.reload();
      } else {
        r.json().then(function (j) { alert(j.error || board.getAttribute("data-move-failed")); close(true); });
      }
    });
  });
  document.addEventListener("click", function (e) {
    if (!menu.hidden && !menu.contains(e.target) && !(e.target.closest && e.target.closest("a.card-move"))) close(false);
  });
  var moved = null;
  try { moved = sessionStorage.getItem("leadbook-moved-card"); sessionStorage.removeItem("leadbook-moved-card"); } catch (err) { /* private mode */ }
  var again = moved && board.querySelector(".kanban-card[data-id='" + moved.replace(/\D/g, "") + "'] a.card-move");
  if (again) again.focus();
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
