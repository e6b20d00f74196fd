// Examiner pages: run the autograder (with progress), save my scores, adjudicate, sign off, panel.
"use strict";
(function () {
  const P = window.Practicum;
  const page = document.querySelector("[data-code]");
  if (!page) return;
  const code = page.dataset.code;

  const showError = (node, e) => { node.textContent = e.message; node.hidden = false; };

  // ---- grading overview
  const gradeNow = document.getElementById("grade-now");
  const progress = document.getElementById("grading-progress");
  async function poll() {
    try {
      const p = await P.api("GET", `api/sittings/${code}/grading`);
      progress.textContent = P.t("grading_progress", { done: p.counts.done, running: p.counts.running,
        queued: p.counts.queued, failed: p.counts.failed });
      gradeNow.disabled = p.running;
      if (p.running) setTimeout(poll, 1500);
      else if (poll.wasRunning) location.reload();
      poll.wasRunning = p.running;
    } catch (e) { showError(document.getElementById("grading-error"), e); }
  }
  if (gradeNow) {
    gradeNow.addEventListener("click", async () => {
      gradeNow.disabled = true;
      try { await P.api("POST", `api/sittings/${code}/grade`); poll.wasRunning = true; setTimeout(poll, 500); }
      catch (e) { showError(document.getElementById("grading-error"), e); gradeNow.disabled = false; }
    });
    poll();
  }
  const signOff = document.getElementById("sign-off");
  if (signOff) signOff.addEventListener("click", async () => {
    if (!confirm(P.t("sign_off") + "?")) return;
    const box = document.getElementById("grading-error");
    try {
      // Signing off twice is harmless (the server says it already was), so a lost answer is retried.
      await P.apiRetry("POST", `api/sittings/${code}/signoff`, undefined, (n, reason) => {
        box.textContent = P.t("request_retrying", { n, reason });
        box.hidden = false;
      });
      location.reload();
    } catch (e) { showError(box, e); }
  });

  // ---- candidate review: my score, adjudication
  const candidate = page.dataset.candidate;
  for (const form of document.querySelectorAll(".score-form, .adjudicate-form")) {
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const task = form.closest("[data-task]").dataset.task;
      const data = Object.fromEntries(new FormData(form));
      const url = form.classList.contains("score-form") ? "scores" : "adjudicate";
      try {
        await P.api("POST", `api/sittings/${code}/${url}`, { candidate_id: candidate, task_id: task, ...data });
        location.reload();
      } catch (e) { showError(form.querySelector(".error"), e); }
    });
  }

  // ---- panel
  const panelForm = document.getElementById("panel-form");
  if (panelForm) panelForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData(panelForm);
    try {
      await P.api("POST", `panel/${code}`, { examiners: fd.getAll("examiners"), chief: fd.get("chief"),
                                            threshold: fd.get("threshold") });
      location.href = P.meta("prefix") + `examiner/${code}`;
    } catch (e) { showError(document.getElementById("panel-error"), e); }
  });

  // ---- results
  const release = document.getElementById("release-feedback");
  if (release) release.addEventListener("click", async () => {
    try { await P.api("POST", `api/sittings/${code}/release-feedback`); location.reload(); }
    catch (e) { alert(e.message); }
  });
})();
