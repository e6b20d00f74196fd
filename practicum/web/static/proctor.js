// Proctor desk: the live table (polled), extra time and password resets.
"use strict";
(function () {
  const P = window.Practicum;
  const code = document.getElementById("sitting").dataset.code;
  const tbody = document.querySelector("#candidates tbody");
  let rows = [], syncedAt = 0, current = null;

  function button(label, handler, cls) {
    return P.el("button", { class: cls || "small", onclick: handler }, label);
  }

  function render() {
    const since = (performance.now() - syncedAt) / 1000;
    tbody.replaceChildren(...rows.map((r) => {
      const left = r.seconds_left === null ? "" : P.fmtDuration(r.status === "working" || r.status === "submitted" ? r.seconds_left - since : r.seconds_left);
      const saved = r.seconds_since_save === null ? "" : `${Math.round(r.seconds_since_save + since)} s`;
      const lab = r.lab === null ? "?" : r.lab;
      const actions = P.el("td", {});
      if (!r.closed_at && r.started_at) actions.append(button(P.t("extra_time"), () => openExtra(r.candidate_id)));
      actions.append(" ", button(P.t("reset_password"), () => resetPassword(r.candidate_id)));
      return P.el("tr", { "data-candidate": r.candidate_id, class: `status-${r.status}` },
        P.el("td", { class: "mono" }, r.candidate_id), P.el("td", {}, r.name),
        P.el("td", { class: "status" }, P.t(`status_${r.status}`)),
        P.el("td", {}, P.localTime(r.started_at)), P.el("td", {}, P.localTime(r.deadline)),
        P.el("td", { class: "mono left" }, r.closed_at ? "" : left), P.el("td", {}, saved),
        P.el("td", {}, r.extra_minutes ? `+${r.extra_minutes}` : ""), P.el("td", {}, String(r.submissions)),
        P.el("td", { class: `lab-${lab}` }, lab), actions);
    }));
  }

  function eventLabel(action) {
    const label = P.t(`event_${action}`);
    return label === `event_${action}` ? action : label;
  }

  async function poll() {
    try {
      const data = await P.api("GET", `api/sittings/${code}/status`);
      rows = data.candidates;
      syncedAt = performance.now();
      document.getElementById("server-time").textContent = P.localTime(data.server_time, true);
      document.getElementById("hub-warning").hidden = rows.every((r) => r.lab !== null);
      document.getElementById("counts").replaceChildren(...["not_started", "working", "submitted", "collected"].map(
        (s) => P.el("span", { class: `count status-${s}` }, `${P.t(`status_${s}`)}: ${data.counts[s] || 0}`)));
      document.querySelector("#events tbody").replaceChildren(...data.events.map((e) => P.el("tr", {},
        P.el("td", {}, P.localTime(e.at, true)), P.el("td", {}, e.actor), P.el("td", { title: e.action }, eventLabel(e.action)),
        P.el("td", { class: "mono" }, e.candidate || ""), P.el("td", { class: "small" }, JSON.stringify(e.detail)))));
      render();
    } catch (e) {
      document.getElementById("hub-warning").textContent = e.message;
      document.getElementById("hub-warning").hidden = false;
    }
  }

  const extraDialog = document.getElementById("extra-dialog");
  function openExtra(cid) {
    current = cid;
    document.getElementById("extra-who").textContent = cid;
    document.getElementById("extra-error").hidden = true;
    extraDialog.showModal();
  }
  document.getElementById("extra-cancel").addEventListener("click", () => extraDialog.close());
  document.getElementById("extra-apply").addEventListener("click", async () => {
    try {
      await P.api("POST", `api/sittings/${code}/extra-time`, {
        candidate_id: current,
        minutes: document.getElementById("extra-minutes").value,
        reason: document.getElementById("extra-reason").value,
      });
      extraDialog.close();
      poll();
    } catch (e) {
      const err = document.getElementById("extra-error");
      err.textContent = e.message;
      err.hidden = false;
    }
  });

  const pwDialog = document.getElementById("password-dialog");
  async function resetPassword(cid) {
    if (!confirm(`${P.t("reset_password")}: ${cid}?`)) return;
    try {
      const res = await P.api("POST", `api/sittings/${code}/reset-password`, { candidate_id: cid });
      document.getElementById("password-who").textContent = cid;
      document.getElementById("password-value").textContent = res.password;
      pwDialog.showModal();
    } catch (e) {
      alert(e.message);
    }
  }
  document.getElementById("password-close").addEventListener("click", () => pwDialog.close());

  poll();
  setInterval(poll, 3000);
  setInterval(render, 1000);
})();
