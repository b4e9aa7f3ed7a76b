// A printable report's page: asks how the report is coming along every 3 seconds and
// updates the live region, showing the download link once the report is ready.
(function () {
  "use strict";
  var box = document.getElementById("report-status");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("report-progress");
  var text = box.querySelector("[data-report-text]");
  var error = box.querySelector("[data-report-error]");
  var download = box.querySelector("[data-report-download]");
  var link = box.querySelector("[data-report-link]");
  var reload = box.querySelector("[data-report-reload]");
  var lastText = text ? text.textContent : "";

  function show(state) {
    if (bar) {
      bar.value = state.progress;
      bar.textContent = state.progress + "%";
    }
    var wording = state.label + ": " + state.progress + "% done.";
    // Only change the live region when the words change, so screen readers are not flooded.
    if (text && wording !== lastText) {
      text.textContent = wording;
      lastText = wording;
    }
    if (state.status === "failed" && error) {
      error.textContent = state.error;
      error.hidden = false;
    }
    if (state.ready && download && link) {
      link.href = state.download_url;
      download.hidden = false;
    }
    var done = state.ready || state.status === "failed";
    if (done && reload) {
      reload.hidden = true;
    }
    return done;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) {
          return null; // gone (removed after a week): reloading the page will say so
        }
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        if (state && !show(state)) {
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () {
        // A hiccup on the way: try again a little later; the reload hint still stands.
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 3000);
})();
