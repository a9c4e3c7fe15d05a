/* The activity editor shows only the schedule section of the chosen kind
   (ActivityPageForm): weekly times for "Recurring weekly", meeting dates for a
   one-off event or a series. A hidden section keeps its rows; without this
   script both sections are shown. */
(function () {
  "use strict";

  function update(select) {
    var kind = select.value;
    document.querySelectorAll("[data-hyte-schedule-for]").forEach(function (section) {
      var kinds = (section.getAttribute("data-hyte-schedule-for") || "").split(" ");
      section.hidden = Boolean(kind) && kinds.indexOf(kind) === -1;
    });
  }

  function start() {
    var select = document.querySelector("select[name='schedule_type']");
    if (!select) { return; }
    update(select);
    select.addEventListener("change", function () { update(select); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
