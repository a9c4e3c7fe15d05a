/* wagtail-hyte agreements: the covered-activities picker offers the chosen
   partner's own activities. When the partner chooser changes, the options are
   reloaded from the agreement admin (selected ones that belong to the new
   partner stay selected). Without JavaScript the server's choices stand and
   services.validate_coverage names any activity of another partner. */
(function () {
  "use strict";

  function init(select) {
    var input = document.getElementById(select.getAttribute("data-hyte-partner-input"));
    var url = select.getAttribute("data-hyte-partner-activities");
    if (!input || !url) return;
    var current = input.value;

    input.addEventListener("change", function () {
      if (input.value === current) return;
      current = input.value;
      if (!current) return;
      var chosen = {};
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].selected) chosen[select.options[i].value] = true;
      }
      var wanted = current;
      fetch(url + "?partner=" + encodeURIComponent(wanted), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data || input.value !== wanted) return;
          var options = data.activities.map(function (activity) {
            var value = String(activity.id);
            return new Option(activity.title, value, false, Boolean(chosen[value]));
          });
          select.replaceChildren.apply(select, options);
          select.dispatchEvent(new Event("change", { bubbles: true }));
        })
        .catch(function () {
          /* Keep the options: the server still validates the choice. */
        });
    });
  }

  function start() {
    var selects = document.querySelectorAll("select[data-hyte-partner-activities]");
    for (var i = 0; i < selects.length; i++) init(selects[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
