/* wagtail-hyte referral page: the outcome form (<form data-hyte-outcome>) asks
   for the cancellation reason only when "Cancelled" is chosen. The reason's
   field is hidden until then and shown again at once when it is chosen.
   Without JavaScript it is always visible, with its hint ("Only when the
   outcome is Cancelled"); the server ignores a reason given with "Succeeded". */
(function () {
  var forms = document.querySelectorAll("form[data-hyte-outcome]");
  for (var i = 0; i < forms.length; i++) {
    (function (form) {
      var reason = form.querySelector("[name=reason]");
      var wrapper = reason && reason.closest(".w-field__wrapper");
      if (!wrapper) return;
      var update = function () {
        var chosen = form.querySelector("input[name=outcome]:checked");
        wrapper.hidden = !(chosen && chosen.value === "cancelled");
      };
      form.addEventListener("change", update);
      update();
    })(forms[i]);
  }
})();
