// pulse dashboard behaviour: charts from server-built options, sortable tables
// (the Content page's posts are sorted and searched by the server, a page at a
// time), drag-and-drop upload. No inline scripts (the CSP forbids them).
(function () {
  "use strict";

  function dark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  // Every .chart carries its ECharts option as JSON, built by the server.
  var charts = [];
  document.querySelectorAll(".chart[data-option]").forEach(function (el) {
    var option = JSON.parse(el.getAttribute("data-option"));
    option.backgroundColor = "transparent";
    var chart = echarts.init(el, dark() ? "dark" : null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  // Custom range: show the date inputs only when "custom" is picked.
  var preset = document.getElementById("preset");
  if (preset) {
    var custom = document.querySelectorAll(".custom-range");
    var sync = function () { custom.forEach(function (el) { el.hidden = preset.value !== "custom"; }); };
    preset.addEventListener("change", function () {
      sync();
      if (preset.value !== "custom") { preset.form.submit(); }
    });
    sync();
  }
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  // Sortable tables: click or Enter on a header with data-sort.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("th[data-sort]");
    headers.forEach(function (th, index) {
      th.tabIndex = 0;
      var sort = function () {
        var col = Array.prototype.indexOf.call(th.parentNode.children, th);
        var asc = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort") === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-value") || a.cells[col].textContent;
          var y = b.cells[col].getAttribute("data-value") || b.cells[col].textContent;
          if (numeric) {
            x = x === "" ? -Infinity : parseFloat(x); y = y === "" ? -Infinity : parseFloat(y);
            return asc ? x - y : y - x;
          }
          return asc ? x.localeCompare(y) : y.localeCompare(x);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });

  // Drag and drop onto the upload zone fills the file input and sends the form.
  var zone = document.querySelector(".dropzone");
  if (zone) {
    var input = zone.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      input.files = e.dataTransfer.files;
      zone.closest("form").submit();
    });
  }
})();
