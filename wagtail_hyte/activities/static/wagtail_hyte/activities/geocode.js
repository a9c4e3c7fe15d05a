/* "Find coordinates from the address" (activities/widgets.py
   CoordinatesLookupInput): shows the button, posts the same location row's
   street address, postal code and municipality to hyte_geocode:locate and fills
   the row's latitude and longitude. Rows that InlinePanel adds later work too
   (one delegated click handler; new buttons are shown as they appear). Without
   this script the button stays hidden and empty coordinates are filled on save. */
(function () {
  "use strict";

  function showButtons() {
    document.querySelectorAll("[data-hyte-geocode-button][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function csrf(form) {
    var token = "";
    var header = "X-CSRFToken";
    var config = document.getElementById("wagtail-config");
    if (config) {
      try {
        var data = JSON.parse(config.textContent);
        token = data.CSRF_TOKEN || "";
        header = data.CSRF_HEADER_NAME || header;
      } catch (error) { /* fall through */ }
    }
    if (!token && window.wagtailConfig && window.wagtailConfig.CSRF_TOKEN) {
      token = window.wagtailConfig.CSRF_TOKEN;
    }
    if (!token) {
      var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
      token = input ? input.value : "";
    }
    if (!token) {
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      token = match ? decodeURIComponent(match[1]) : "";
    }
    return { header: header, token: token };
  }

  function field(scope, name) {
    return scope.querySelector("[name='" + name + "']");
  }

  function setValue(input, value) {
    if (!input) { return; }
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function lookUp(button) {
    var root = button.closest("[data-hyte-geocode]");
    var status = root.querySelector("[data-hyte-geocode-status]");
    var name = root.getAttribute("data-name") || "";
    var prefix = name.slice(0, name.length - "latitude".length);
    var form = button.closest("form");
    var scope = form || document;
    var street = field(scope, prefix + "street_address");
    var postal = field(scope, prefix + "postal_code");
    var municipality = field(scope, prefix + "municipality");
    var body = new FormData();
    body.append("street_address", street ? street.value : "");
    body.append("postal_code", postal ? postal.value : "");
    body.append("municipality", municipality ? municipality.value : "");
    var token = csrf(form);
    var headers = { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" };
    headers[token.header] = token.token;

    button.disabled = true;
    status.textContent = root.getAttribute("data-searching-label") || "";
    fetch(root.getAttribute("data-url"), {
      method: "POST",
      body: body,
      headers: headers,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, data: data }; },
          function () { return { ok: false, data: {} }; }
        );
      })
      .then(function (answer) {
        var data = answer.data || {};
        if (answer.ok && data.latitude && data.longitude) {
          setValue(field(scope, prefix + "latitude"), data.latitude);
          setValue(field(scope, prefix + "longitude"), data.longitude);
        }
        status.textContent = data.message || root.getAttribute("data-failed-label") || "";
      })
      .catch(function () {
        status.textContent = root.getAttribute("data-failed-label") || "";
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function start() {
    showButtons();
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-hyte-geocode-button]");
      if (button) {
        event.preventDefault();
        lookUp(button);
      }
    });
    // InlinePanel's "Add location" inserts rows later.
    new MutationObserver(showButtons).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
