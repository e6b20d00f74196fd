// Candidate portal: Start (with a confirmation), then on to the exam workspace.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const start = document.getElementById("start-button");
  if (!start) return;
  const dialog = document.getElementById("start-dialog");
  const error = document.getElementById("start-error");
  start.addEventListener("click", () => dialog.showModal());
  document.getElementById("start-cancel").addEventListener("click", () => dialog.close());
  document.getElementById("start-confirm").addEventListener("click", async (ev) => {
    ev.target.disabled = true;
    try {
      const res = await Practicum.api("POST", "api/start");
      location.href = res.workspace_url;
    } catch (e) {
      dialog.close();
      error.textContent = e.message;
      error.hidden = false;
      if (e.data && e.data.error === "err_already_started") location.href = Practicum.meta("prefix") + "workspace";
    } finally {
      ev.target.disabled = false;
    }
  });
});
