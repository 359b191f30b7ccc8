// valueloop page helpers: REST calls with the session's CSRF token, announcements, menus.
(function () {
  "use strict";

  const csrfMeta = document.querySelector('meta[name="csrf-token"]');

  // Call the REST API as the signed-in user; throws an Error carrying the problem's detail.
  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "X-CSRF-Token": csrfMeta ? csrfMeta.content : "",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      let detail = response.statusText || "request failed";
      try {
        const problem = await response.json();
        detail = problem.detail || detail;
      } catch (ignored) {
        // not JSON: keep the status text
      }
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return response.status === 204 ? null : response.json();
  }

  // Tell screen-reader users what just happened (text only, never markup).
  function announce(text) {
    const region = document.querySelector("[data-announce]");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  window.valueloop = { api, announce };

  // Drop-down menus are <details>: close them on outside click and on Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });

  // A form shown again with an error: bring its message into view and focus.
  const failed = document.querySelector("[data-focus-on-load]");
  if (failed) {
    failed.scrollIntoView({ block: "center" });
    failed.focus({ preventScroll: true });
  }

  document.querySelectorAll("[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
})();
