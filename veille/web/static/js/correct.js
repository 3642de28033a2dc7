/* The correction form of an event page: POST /api/corrections with the bearer token (kept in
   this tab's sessionStorage only), then reload the page to show the correction. */
"use strict";
(function () {
  const veille = window.veille;
  const form = document.getElementById("correction");
  if (!form) return;
  const status = form.elements.namedItem("status");
  const saved = window.sessionStorage.getItem("veille-token");
  if (saved) form.elements.namedItem("token").value = saved;

  function list(value) {
    return value.split(",").map((v) => v.trim()).filter(Boolean);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const f = form.elements;
    const verdict = f.namedItem("verdict").value;
    const body = { event_id: form.dataset.eventId, verdict: verdict, note: f.namedItem("note").value,
                   author: f.namedItem("author").value };
    if (verdict === "fixed") {
      if (f.namedItem("event").value) body.event = f.namedItem("event").value;
      if (f.namedItem("actor").value.trim()) body.actor = list(f.namedItem("actor").value);
      if (f.namedItem("recipient").value.trim()) body.recipient = list(f.namedItem("recipient").value);
    }
    const token = f.namedItem("token").value.trim();
    window.sessionStorage.setItem("veille-token", token);
    status.textContent = "saving…";
    try {
      const response = await fetch("/api/corrections", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.error || response.statusText);
      status.textContent = "saved";
      window.location.reload();
    } catch (error) {
      status.textContent = "not saved: " + error.message;
    }
  });
  void veille;
})();
