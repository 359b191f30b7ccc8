// A synthesis run's progress on the Themes page: polls the job until it ends, then reloads.
(function () {
  "use strict";

  const box = document.querySelector("[data-job]");
  if (!box) return;
  const id = box.getAttribute("data-job");
  const bar = box.querySelector("[data-job-progress]");
  const status = box.querySelector("[data-job-status]");
  const message = box.querySelector("[data-job-message]");
  const error = box.querySelector("[data-job-error]");

  function show(job) {
    status.textContent = job.status.charAt(0).toUpperCase() + job.status.slice(1);
    message.textContent = job.total ? job.message + " (" + job.done + " of " + job.total + ")" : job.message;
    if (job.fraction === null) bar.removeAttribute("value");
    else bar.value = job.fraction;
    if (job.error) {
      error.textContent = job.error;
      error.hidden = false;
    }
  }

  function poll() {
    fetch("/api/v1/jobs/" + encodeURIComponent(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        show(job);
        if (job.status === "succeeded") window.location.assign(box.getAttribute("data-reload"));
        else if (job.status !== "failed") window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  poll();
})();
