// Import progress: polls the job's status row and moves the bar; reloads the page for the
// report when the step is over. Without JavaScript the page refreshes itself (<noscript>).
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var done = box.querySelector("[data-done]");
  var percent = box.querySelector("[data-percent]");
  // The count as the page's language writes numbers, like the server wrote it first.
  var number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        bar.value = s.percent;
        bar.textContent = s.percent + "%";
        done.textContent = number.format(s.done);
        percent.textContent = s.percent;
        if (s.state === "checking" || s.state === "importing") {
          setTimeout(poll, 700);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
