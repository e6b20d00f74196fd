// The exam workspace: JupyterLab in a frame, the server's countdown above it, Submit.
// The clock counts down from the server's `seconds_left` with the browser's monotonic timer and
// re-syncs every few seconds, so a wrong browser clock changes nothing.
"use strict";
(function () {
  const P = window.Practicum;
  const WARN_MINUTES = [30, 15, 5, 1];
  const bar = document.getElementById("exam-bar");
  const frame = document.getElementById("lab");
  const overlay = document.getElementById("overlay");
  const countdown = document.getElementById("countdown");
  const warning = document.getElementById("warning");
  const user = bar.dataset.username;
  const openFile = bar.dataset.openFile;

  let state = null, syncedAt = 0, leftAtSync = null, lastDeadline = null;
  let labLoaded = false, lastLabRequest = 0, finalSaveDone = false, closed = false;
  const warned = new Set();

  const remaining = () => (leftAtSync === null ? null : Math.max(0, leftAtSync - (performance.now() - syncedAt) / 1000));

  function showOverlay(text, extra, spinning) {
    document.getElementById("overlay-text").textContent = text;
    document.getElementById("overlay-extra").textContent = extra || "";
    document.getElementById("overlay-spinner").hidden = !spinning;
    overlay.hidden = false;
  }

  function showWarning(text) {
    warning.textContent = text;
    warning.hidden = false;
    clearTimeout(showWarning.timer);
    showWarning.timer = setTimeout(() => { warning.hidden = true; }, 30000);
  }
  warning.addEventListener("click", () => { warning.hidden = true; });

  async function saveAll() {
    // Works because the page and JupyterLab share an origin and Lab exposes its app object.
    try {
      const app = frame.contentWindow && frame.contentWindow.jupyterapp;
      if (app) await app.commands.execute("docmanager:save-all");
    } catch (e) { /* Lab still loading or gone: its 10 s autosave still runs */ }
  }

  async function refresh() {
    let data;
    try {
      data = await P.api("GET", "api/me");
    } catch (e) {
      document.getElementById("save-state").textContent = e.message;
      return;
    }
    state = data;
    syncedAt = performance.now();
    leftAtSync = data.seconds_left;
    if (lastDeadline && data.deadline && new Date(data.deadline) > new Date(lastDeadline)) {
      const minutes = Math.round((new Date(data.deadline) - new Date(lastDeadline)) / 60000);
      showWarning(P.t("extra_time_granted", { n: minutes }));
      for (const m of WARN_MINUTES) if (leftAtSync > m * 60) warned.delete(m);
    }
    lastDeadline = data.deadline;
    if (state.seconds_since_save !== null && state.seconds_since_save !== undefined) {
      document.getElementById("save-state").textContent = P.t("saved_ago", { s: Math.round(state.seconds_since_save) });
    } else {
      document.getElementById("save-state").textContent = P.t("saved_never");
    }
    updateLab();
  }

  function updateLab() {
    if (state.over || state.closed_at) {
      if (!closed && state.closed_at) {
        closed = true;
        frame.removeAttribute("src");
        frame.hidden = true;
        document.getElementById("submit-button").disabled = true;
        const receipt = state.final_receipt ? `${P.t("receipt_id")}: ${state.final_receipt}` : "";
        showOverlay(P.t("time_over", { at: P.localTime(state.closed_at) }), receipt, false);
        document.getElementById("overlay-link").hidden = false;
      } else if (!state.closed_at) {
        showOverlay(P.t("collecting"), "", true);
      }
      return;
    }
    const lab = state.lab || {};
    if (lab.ready) {
      if (!labLoaded) {
        frame.src = `/user/${encodeURIComponent(user)}/lab/tree/${openFile.split("/").map(encodeURIComponent).join("/")}`;
        labLoaded = true;
      }
      overlay.hidden = true;
      return;
    }
    showOverlay(labLoaded ? P.t("lab_stopped") : P.t("lab_starting"), "", true);
    if (labLoaded) { frame.removeAttribute("src"); labLoaded = false; }
    if (!lab.running && performance.now() - lastLabRequest > 15000) {
      lastLabRequest = performance.now();
      P.api("POST", "api/lab").catch((e) => showOverlay(e.message, "", false));
    }
  }

  function tick() {
    const left = remaining();
    if (left === null) return;
    countdown.textContent = P.fmtDuration(left);
    bar.classList.toggle("amber", left <= 30 * 60 && left > 5 * 60);
    bar.classList.toggle("red", left <= 5 * 60);
    bar.classList.toggle("blink", left <= 60 && left > 0);
    for (const m of WARN_MINUTES) {
      if (left <= m * 60 && !warned.has(m)) {
        warned.add(m);
        // Only warn when crossing the mark, not for marks long past when the page loads.
        if (left > m * 60 - 90) showWarning(P.t("warn_minutes", { n: m }));
      }
    }
    if (left <= 15 && !finalSaveDone) { finalSaveDone = true; saveAll(); }
    if (left <= 0 && !closed && !(state && state.over)) refresh();
  }

  // ---- Submit: save everything, show the files, confirm, show the receipt.
  const submitDialog = document.getElementById("submit-dialog");
  const receiptDialog = document.getElementById("receipt-dialog");
  const submitError = document.getElementById("submit-error");
  document.getElementById("submit-button").addEventListener("click", async () => {
    submitError.hidden = true;
    await saveAll();
    let files;
    try {
      files = await P.api("GET", "api/files");
    } catch (e) {
      showWarning(e.message);
      return;
    }
    const tbody = document.getElementById("submit-files");
    tbody.replaceChildren(...files.files.map((f) => P.el("tr", {}, P.el("td", { class: "mono" }, f.path), P.el("td", {}, P.fmtBytes(f.size)))));
    document.getElementById("submit-total").textContent = `${P.fmtBytes(files.total_bytes)} / ${P.fmtBytes(files.limit_bytes)}`;
    if (files.problem) { submitError.textContent = files.problem; submitError.hidden = false; }
    document.getElementById("submit-confirm").disabled = !!files.problem;
    submitDialog.showModal();
  });
  document.getElementById("submit-cancel").addEventListener("click", () => submitDialog.close());
  // One key per press of Submit, sent again with every retry: the server answers a key it has
  // already stored with that receipt, so an answer lost on the way never stores the work twice.
  function newSubmitKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));  // also on plain-HTTP exam networks
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  async function submitWithRetry(onRetry) {
    return P.apiRetry("POST", "api/submit", { key: newSubmitKey() }, onRetry, P.t("submit_gave_up"));
  }

  document.getElementById("submit-confirm").addEventListener("click", async (ev) => {
    ev.target.disabled = true;
    ev.target.textContent = P.t("submitting");
    try {
      await saveAll();
      const res = await submitWithRetry((n, reason) => {
        submitError.textContent = P.t("submit_retrying", { n, reason });
        submitError.hidden = false;
      });
      submitError.hidden = true;
      submitDialog.close();
      const r = res.receipt;
      document.getElementById("receipt-replayed").hidden = !res.replayed;
      document.getElementById("receipt-id").textContent = r.id;
      document.getElementById("receipt-time").textContent = `${r.at} (${P.localTime(r.at, true)})`;
      document.getElementById("receipt-hash").textContent = r.sha256;
      document.getElementById("receipt-files").textContent = r.files.map((f) => f.path).join(", ");
      document.getElementById("receipt-link").href = res.receipt_url;
      receiptDialog.showModal();
      refresh();
    } catch (e) {
      submitError.textContent = e.message;
      submitError.hidden = false;
    } finally {
      ev.target.disabled = false;
      ev.target.textContent = P.t("confirm");
    }
  });
  document.getElementById("receipt-close").addEventListener("click", () => receiptDialog.close());

  refresh().then(() => {
    const left = remaining();
    if (left !== null) for (const m of WARN_MINUTES) if (left <= m * 60 - 90) warned.add(m);
  });
  setInterval(tick, 250);
  setInterval(refresh, 5000);
})();
