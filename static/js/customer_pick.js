// Customer type-ahead, progressive enhancement only: without this file the Customer fields
// take a name, an email, a phone or a #ID as typed, and the "Find" link opens a search page.
// Any input with data-customer-pick="URL" (also one inside a dialog loaded later) asks
// URL?q=… after a pause in typing and lists the matches under the field; choosing one
// writes "Name #ID" into the field (the server reads the #ID) and, with
// data-pick-radio="ID", ticks that radio (typing a customer is choosing to link one).
(function () {
  "use strict";
  var timer = null;
  var asked = 0;
  function listFor(input) {
    var list = input.parentNode.querySelector("[data-pick-list]");
    if (!list) {
      list = document.createElement("ul");
      list.className = "pick-list";
      list.setAttribute("data-pick-list", "");
      list.setAttribute("role", "listbox");
      input.parentNode.appendChild(list);
    }
    return list;
  }
  function tick(input) {
    var radio = input.getAttribute("data-pick-radio");
    var el = radio && document.getElementById(radio);
    if (el) el.checked = true;
  }
  function show(input, rows) {
    var list = listFor(input);
    list.innerHTML = "";
    rows.forEach(function (row) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pick-option";
      button.setAttribute("data-pick-id", row.id);
      button.textContent = row.label + (row.email ? " · " + row.email : "");
      button.addEventListener("click", function () {
        input.value = row.label;
        tick(input);
        list.innerHTML = "";
        input.focus();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
  }
  function ask(input) {
    var q = input.value.trim();
    var mine = ++asked;
    if (q.length < 2) { show(input, []); return; }
    var url = input.getAttribute("data-customer-pick") + "?q=" + encodeURIComponent(q);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (rows) { if (mine === asked) show(input, rows); })
      .catch(function () {});
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.hasAttribute || !input.hasAttribute("data-customer-pick")) return;
    if (input.value.trim()) tick(input);
    clearTimeout(timer);
    timer = setTimeout(function () { ask(input); }, 250);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var input = event.target;
    if (input.hasAttribute && input.hasAttribute("data-customer-pick")) show(input, []);
  });
})();
