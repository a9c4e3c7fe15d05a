/* Municipality picker (core/widgets.py MunicipalityPicker): a filter box, and
   the "whole welfare area" box ticking its group. Without this script the form
   still works: a ticked whole-area box saves all the area's municipalities. */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function boxes(group) {
    return Array.prototype.slice.call(
      group.querySelectorAll("[data-hyte-municipality] input[type=checkbox]")
    );
  }

  function syncArea(group) {
    var area = group.querySelector("[data-hyte-municipalities-area]");
    var all = boxes(group);
    var ticked = all.filter(function (box) { return box.checked; }).length;
    if (area) {
      area.checked = all.length > 0 && ticked === all.length;
      area.indeterminate = ticked > 0 && ticked < all.length;
    }
  }

  function setUp(root) {
    if (root.dataset.hyteReady) { return; }
    root.dataset.hyteReady = "1";
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-hyte-municipalities-group]"));
    var filterRow = root.querySelector("[data-hyte-municipalities-filter-row]");
    var filter = root.querySelector("[data-hyte-municipalities-filter]");
    var status = root.querySelector("[data-hyte-municipalities-status]");
    var wasOpen = groups.map(function (group) { return group.open; });

    groups.forEach(function (group) {
      syncArea(group);
      var area = group.querySelector("[data-hyte-municipalities-area]");
      if (area) {
        area.addEventListener("change", function () {
          boxes(group).forEach(function (box) { box.checked = area.checked; });
          area.indeterminate = false;
        });
      }
      boxes(group).forEach(function (box) {
        box.addEventListener("change", function () { syncArea(group); });
      });
    });

    if (!filter) { return; }
    filterRow.hidden = false;
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    filter.addEventListener("input", function () {
      var query = fold(filter.value.trim());
      var shown = 0;
      groups.forEach(function (group, index) {
        var matches = 0;
        group.querySelectorAll("[data-hyte-municipality]").forEach(function (item) {
          var match = !query || fold(item.dataset.name).indexOf(query) !== -1;
          item.hidden = !match;
          if (match) { matches += 1; }
        });
        group.hidden = matches === 0;
        group.open = query ? matches > 0 : wasOpen[index];
        shown += matches;
      });
      if (status) {
        status.textContent = query ? (root.dataset.matchesLabel || "%s").replace("%s", shown) : "";
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-hyte-municipalities]").forEach(setUp);
  }

  function start() {
    setUpAll();
    // Inline panels add forms later (Wagtail's "Add" button). Observing only
    // once the document is parsed: a picker is never set up half-parsed.
    new MutationObserver(setUpAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
