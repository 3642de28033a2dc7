/* veille dashboard: helpers shared by every page. No inline script anywhere: pages pass data
   through data-* attributes and JSON endpoints (Content-Security-Policy: script-src 'self'). */
"use strict";
(function () {
  const veille = {};

  veille.getJSON = async function (url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  };

  /* The events list: `base` (a same-origin URL with the page's filters) with `params` set. */
  veille.eventsURL = function (base, params) {
    const url = new URL(base, window.location.origin);
    for (const [key, value] of Object.entries(params)) {
      if (value === null || value === undefined || value === "") url.searchParams.delete(key);
      else url.searchParams.set(key, value);
    }
    return url.pathname + url.search;
  };

  veille.go = function (url) {
    if (url.startsWith("/")) window.location.assign(url);
  };

  veille.QUADS = {
    1: { label: "verbal cooperation", color: "#7cb342" },
    2: { label: "material cooperation", color: "#2e7d32" },
    3: { label: "verbal conflict", color: "#fb8c00" },
    4: { label: "material conflict", color: "#c62828" },
  };
  veille.PALETTE = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457"];

  veille.showError = function (element, error) {
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = "Could not load: " + error.message;
    element.replaceWith(p);
  };

  /* GET filter forms: leave empty fields out of the URL, so that it stays short and shareable. */
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("filters")) return;
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string" && value.trim() !== "") params.append(key, value.trim());
    }
    const query = params.toString();
    veille.go(form.getAttribute("action") + (query ? "?" + query : ""));
  });

  window.veille = veille;
})();
