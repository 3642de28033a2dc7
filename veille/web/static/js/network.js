/* An actor's network (cytoscape, vendored): nodes sized by events, edges coloured by their share
   of cooperation (green) and conflict (red). Labels are drawn on a canvas: never HTML. */
"use strict";
(function () {
  const veille = window.veille;
  const box = document.getElementById("network");
  if (!box || !window.cytoscape) return;

  function edgeColor(edge) {
    const total = edge.cooperation + edge.conflict;
    if (!total) return "#9e9e9e";
    const coop = edge.cooperation / total;
    return coop >= 0.66 ? "#2e7d32" : coop <= 0.34 ? "#c62828" : "#f9a825";
  }

  veille.getJSON(box.dataset.src).then(function (net) {
    if (!net.nodes.length) {
      box.textContent = "No links.";
      box.classList.add("empty");
      return;
    }
    const max = Math.max(...net.nodes.map((n) => n.events), 1);
    const maxEdge = Math.max(...net.edges.map((e) => e.events), 1);
    const elements = net.nodes.map((n) => ({
      data: { id: n.id, label: n.id === n.label ? n.id : n.id + " " + n.label, size: 14 + 40 * Math.sqrt(n.events / max),
              focus: n.id === box.dataset.focus ? 1 : 0 },
    })).concat(net.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, width: 1 + 7 * (e.events / maxEdge),
              color: edgeColor(e), events: e.events },
    })));
    const cy = window.cytoscape({
      container: box, elements: elements,
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90 },
      style: [
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
          "background-color": "#1565c0", "font-size": 11, color: "#222", "text-valign": "bottom", "text-margin-y": 3 } },
        { selector: "node[focus = 1]", style: { "background-color": "#ef6c00" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", opacity: 0.75,
          "curve-style": "bezier" } },
      ],
    });
    cy.on("tap", "node", (event) => veille.go("/actors/" + encodeURIComponent(event.target.id())));
    cy.on("tap", "edge", (event) => {
      const d = event.target.data();
      veille.go("/dyads/" + encodeURIComponent(d.source) + "/" + encodeURIComponent(d.target));
    });
    box.dataset.ready = "true";
    window.veilleNetwork = cy;
  }).catch((error) => veille.showError(box, error));
})();
