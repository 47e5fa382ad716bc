/* iocc site: filter boxes for indicator tables and the status/severity filter of the index.
   No network, no globals besides one function; works with and without instant navigation. */
(function () {
  "use strict";

  function filterRows(table, test) {
    var rows = table.tBodies.length ? table.tBodies[0].rows : [];
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = !test(rows[i]);
    }
  }

  function setUp(root) {
    var boxes = root.querySelectorAll("input.iocc-filter[data-table]");
    Array.prototype.forEach.call(boxes, function (box) {
      var table = document.getElementById(box.getAttribute("data-table"));
      if (!table || box.dataset.ioccReady) { return; }
      box.dataset.ioccReady = "1";
      box.addEventListener("input", function () {
        var needle = box.value.trim().toLowerCase();
        filterRows(table, function (row) {
          return !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
        });
      });
    });
    var selects = root.querySelectorAll("select[data-filter][data-table]");
    Array.prototype.forEach.call(selects, function (select) {
      var table = document.getElementById(select.getAttribute("data-table"));
      if (!table || select.dataset.ioccReady) { return; }
      select.dataset.ioccReady = "1";
      select.addEventListener("change", function () {
        var wanted = {};
        root.querySelectorAll('select[data-table="' + table.id + '"]').forEach(function (s) {
          wanted[s.getAttribute("data-filter")] = s.value;
        });
        filterRows(table, function (row) {
          return Object.keys(wanted).every(function (key) {
            return !wanted[key] || row.getAttribute("data-" + key) === wanted[key];
          });
        });
      });
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { setUp(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
})();
