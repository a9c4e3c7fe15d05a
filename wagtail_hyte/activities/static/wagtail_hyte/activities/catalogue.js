/* wagtail-hyte catalogue: the filters' disclosure (<details data-hyte-filters>)
   is closed in the HTML so that a phone shows the results first; on a wide
   screen, where the filters fit beside little else, open it once on load.
   Without JavaScript it stays closed and opens like any <details>. */
(function () {
  var wide = window.matchMedia && window.matchMedia("(min-width: 48em)").matches;
  if (!wide) return;
  var disclosures = document.querySelectorAll("details[data-hyte-filters]");
  for (var i = 0; i < disclosures.length; i++) disclosures[i].open = true;
})();
