/* Charts (Chart.js, vendored): the timeline, a dyad's series, an actor's partners, alignment.
   Each canvas names its data (data-src, a JSON endpoint) and the events list its points lead to
   (data-events): clicking a point opens the events behind it. */
"use strict";
(function () {
  const veille = window.veille;
  if (!window.Chart) return;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;

  function unique(values) {
    return Array.from(new Set(values));
  }

  function clickTo(canvas, chart, target) {
    chart.options.onClick = function (event) {
      const hits = chart.getElementsAtEventForMode(event, "nearest", { intersect: true }, true);
      if (!hits.length) return;
      const url = target(hits[0].datasetIndex, hits[0].index);
      if (url) veille.go(url);
    };
    chart.options.onHover = function (event, elements) {
      canvas.style.cursor = elements.length ? "pointer" : "default";
    };
    chart.update();
  }

  function make(canvas, type, labels, datasets, stacked, yLabel) {
    return new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: true },
        scales: {
          x: { stacked: stacked },
          y: { stacked: stacked, beginAtZero: true, title: { display: !!yLabel, text: yLabel || "" } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  async function timeline(canvas) {
    const data = await veille.getJSON(canvas.dataset.src);
    const periods = unique(data.rows.map((r) => r.period));
    const ranges = {};
    data.rows.forEach((r) => { ranges[r.period] = [r.since, r.until]; });
    const datasets = [1, 2, 3, 4].map((q) => ({
      label: veille.QUADS[q].label, backgroundColor: veille.QUADS[q].color, quad: q,
      data: periods.map((p) => {
        const row = data.rows.find((r) => r.period === p && r.key === q);
        return row ? row.count : 0;
      }),
    }));
    const chart = make(canvas, "bar", periods, datasets, true, data.unit);
    clickTo(canvas, chart, (ds, i) => {
      const [since, until] = ranges[periods[i]];
      return veille.eventsURL(canvas.dataset.events, { since: since, until: until, quad_class: datasets[ds].quad });
    });
    canvas.dataset.ready = "true";
  }

  async function dyad(canvas) {
    const data = await veille.getJSON(canvas.dataset.src);
    const rows = data.series;
    const datasets = [
      { label: "cooperation", borderColor: "#2e7d32", backgroundColor: "#2e7d32", quads: "1,2",
        data: rows.map((r) => r.cooperation) },
      { label: "conflict", borderColor: "#c62828", backgroundColor: "#c62828", quads: "3,4",
        data: rows.map((r) => r.conflict) },
    ];
    datasets.forEach((d) => { d.pointRadius = 5; d.pointHoverRadius = 8; d.tension = 0.2; });
    // a line needs a few periods; with one or two, bars read better
    const chart = make(canvas, rows.length < 3 ? "bar" : "line", rows.map((r) => r.period), datasets, false, data.unit);
    clickTo(canvas, chart, (ds, i) => veille.eventsURL(canvas.dataset.events, {
      since: rows[i].since, until: rows[i].until, quad_class: datasets[ds].quads,
    }));
    canvas.dataset.ready = "true";
  }

  async function partners(canvas) {
    const data = await veille.getJSON(canvas.dataset.src);
    const periods = unique(data.rows.map((r) => r.period));
    const names = unique(data.rows.map((r) => r.partner));
    const ranges = {};
    data.rows.forEach((r) => { ranges[r.period] = [r.since, r.until]; });
    const datasets = names.map((name, k) => ({
      label: name, backgroundColor: veille.PALETTE[k % veille.PALETTE.length],
      data: periods.map((p) => {
        const row = data.rows.find((r) => r.period === p && r.partner === name);
        return row ? row.events : 0;
      }),
    }));
    const chart = make(canvas, "bar", periods, datasets, true, "events");
    clickTo(canvas, chart, (ds, i) => {
      const [since, until] = ranges[periods[i]];
      return veille.eventsURL(canvas.dataset.events, {
        dyad: canvas.dataset.actor + "," + names[ds], since: since, until: until,
      });
    });
    canvas.dataset.ready = "true";
  }

  async function alignment(canvas) {
    const data = await veille.getJSON(canvas.dataset.src);
    const periods = unique(data.rows.map((r) => r.period));
    const ranges = {};
    data.rows.forEach((r) => { ranges[r.period] = [r.since, r.until]; });
    const actors = (canvas.dataset.actors || "").split(",").filter(Boolean);
    const datasets = data.partners.map((name, k) => ({
      label: name, borderColor: veille.PALETTE[k % veille.PALETTE.length],
      backgroundColor: veille.PALETTE[k % veille.PALETTE.length], pointRadius: 5, pointHoverRadius: 8,
      data: periods.map((p) => {
        const row = data.rows.find((r) => r.period === p && r.partner === name);
        return row ? Math.round(row.share * 100) : 0;
      }),
    }));
    const chart = make(canvas, periods.length < 3 ? "bar" : "line", periods, datasets, false, "share of cooperation (%)");
    clickTo(canvas, chart, (ds, i) => {
      const [since, until] = ranges[periods[i]];
      const partner = data.partners[ds];
      const who = actors.length === 1 ? { dyad: actors[0] + "," + partner } : { involving: partner };
      return veille.eventsURL(canvas.dataset.events, Object.assign(who, { since: since, until: until, quad_class: "1,2" }));
    });
    canvas.dataset.ready = "true";
  }

  const charts = { timeline: timeline, dyad: dyad, partners: partners, alignment: alignment };
  for (const [id, draw] of Object.entries(charts)) {
    const canvas = document.getElementById(id);
    if (canvas) draw(canvas).catch((error) => veille.showError(canvas, error));
  }
})();
