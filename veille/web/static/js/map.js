/* The map: the bundled world basemap (Natural Earth via world-atlas, no tiles, no network) drawn
   by Leaflet, events per place as clustered points. Popups are built as DOM nodes (textContent):
   place names never become HTML. */
"use strict";
(function () {
  const veille = window.veille;
  const box = document.getElementById("map");
  if (!box || !window.L) return;

  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 }).setView([15, 10], 2);
  map.attributionControl.addAttribution("Basemap: Natural Earth (public domain) via world-atlas");

  function popup(point) {
    const div = document.createElement("div");
    const link = document.createElement("a");
    link.href = veille.eventsURL(box.dataset.events, { place: point.place, country: point.country });
    link.textContent = (point.place || "?") + (point.country ? " (" + point.country + ")" : "");
    const count = document.createElement("p");
    count.textContent = point.events + (point.events === 1 ? " event" : " events");
    div.append(link, count);
    return div;
  }

  /* Rings that cross the antimeridian (Russia, Fiji) would be drawn across the whole map:
     continue their longitudes past +-180 instead. */
  function unwrapRing(ring) {
    for (let i = 1; i < ring.length; i++) {
      const step = ring[i][0] - ring[i - 1][0];
      if (step > 180) ring[i][0] -= 360;
      else if (step < -180) ring[i][0] += 360;
    }
  }

  function unwrap(geometry) {
    if (!geometry) return;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach((polygon) => polygon.forEach(unwrapRing));
  }

  function clusterIcon(cluster) {
    const n = cluster.getAllChildMarkers().reduce((sum, m) => sum + m.options.events, 0);
    const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    const div = document.createElement("div");
    const span = document.createElement("span");
    span.textContent = String(n);
    div.append(span);
    return L.divIcon({ html: div, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  Promise.all([veille.getJSON(box.dataset.world), veille.getJSON(box.dataset.src)]).then(function ([world, data]) {
    const countries = window.topojson.feature(world, world.objects.countries);
    countries.features = countries.features.filter((f) => f.id !== "010");  // Antarctica
    countries.features.forEach((f) => unwrap(f.geometry));
    L.geoJSON(countries, { interactive: false, style: { color: "#90a4ae", weight: 0.6, fillColor: "#eceff1", fillOpacity: 1 } })
      .addTo(map);
    const clusters = L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 45 });
    for (const point of data.points) {
      const icon = L.divIcon({ className: "ev-point", iconSize: [12, 12] });
      const marker = L.marker([point.lat, point.lon], { icon: icon, events: point.events, title: point.place || "" });
      marker.bindPopup(() => popup(point));
      clusters.addLayer(marker);
    }
    map.addLayer(clusters);
    box.dataset.ready = "true";
    box.dataset.points = String(data.points.length);
  }).catch((error) => veille.showError(box, error));
})();
