// The recommend form shows only the recipient field of the chosen channel
// (the phone number for a text message, the address for an email, none for a
// printout). Without JavaScript both fields stay visible and the server
// ignores the one the channel does not use.
(function () {
  "use strict";
  var form = document.querySelector("form[data-hyte-recommend]");
  if (!form) {
    return;
  }
  var wrappers = form.querySelectorAll("[data-hyte-channel]");
  function update() {
    var checked = form.querySelector("input[name='channel']:checked");
    var channel = checked ? checked.value : "";
    wrappers.forEach(function (wrapper) {
      wrapper.hidden = wrapper.getAttribute("data-hyte-channel") !== channel;
    });
  }
  form.querySelectorAll("input[name='channel']").forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
