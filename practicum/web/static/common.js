// Shared by every exam-service page: strings, API calls with the XSRF token, local times.
"use strict";
window.Practicum = (function () {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const strings = JSON.parse(document.getElementById("strings").textContent);

  function t(key, params) {
    let s = strings[key] || key;
    for (const [k, v] of Object.entries(params || {})) s = s.split(`{${k}}`).join(String(v));
    return s;
  }

  async function api(method, path, body) {
    const opts = { method, headers: { "X-XSRFToken": meta("xsrf") }, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const resp = await fetch(meta("prefix") + path, opts);
    let data = {};
    try { data = await resp.json(); } catch (e) { /* empty body */ }
    if (!resp.ok) {
      const err = new Error(data.message || `HTTP ${resp.status}`);
      err.status = resp.status;
      err.data = data;
      throw err;
    }
    return data;
  }

  // For requests the server makes safe to repeat (a Submit with its key, a sign-off): when no
  // answer arrives, a proxy answers with its own page (none behind it, or no routes yet after a
  // restart: an HTML 404) or the server fails, the request may or may not have been carried out,
  // and only asking again can tell. Only the service's own refusal (4xx JSON) is final.
  const RETRY_DELAYS_S = [1, 2, 3, 5, 8, 10, 10, 10, 10, 10, 10, 10];  // about 90 s in all

  async function apiRetry(method, path, body, onRetry, giveUpMessage) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api(method, path, body);
      } catch (e) {
        const refused = e.status !== undefined && e.status < 500 && e.status !== 429 && e.data && e.data.error;
        if (refused) throw e;
        if (attempt >= RETRY_DELAYS_S.length) throw new Error(giveUpMessage || e.message);
        if (onRetry) onRetry(attempt + 1, e.status ? `HTTP ${e.status}` : t("connection_lost"));
        await new Promise((done) => setTimeout(done, RETRY_DELAYS_S[attempt] * 1000));
      }
    }
  }

  function localTime(iso, withDate) {
    if (!iso) return "";
    const d = new Date(iso);
    return withDate ? d.toLocaleString() : d.toLocaleTimeString();
  }

  function fmtDuration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return [h, m, s].map((x) => String(x).padStart(2, "0")).join(":");
  }

  function fmtBytes(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
    return node;
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const node of document.querySelectorAll("time.local")) {
      node.textContent = localTime(node.getAttribute("datetime"), true);
    }
    for (const btn of document.querySelectorAll('[data-action="print"]')) {
      btn.addEventListener("click", () => window.print());
    }
  });

  return { t, api, apiRetry, localTime, fmtDuration, fmtBytes, el, meta };
})();
