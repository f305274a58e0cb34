// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Close an open dropdown when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.dropdown[open]").forEach(function (d) {
      if (!d.contains(event.target)) d.removeAttribute("open");
    });
  });
  // Let a flash message fade after a while.
  var flash = document.getElementById("flash");
  if (flash && flash.classList.contains("flash-success")) {
    setTimeout(function () { flash.classList.add("flash-fade"); }, 6000);
  }
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
    if (!card) return;
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
