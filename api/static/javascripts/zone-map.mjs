// The map on which a VLO draws a request's zones (Leaflet with Leaflet-Geoman). Without
// JavaScript the page's corners form works alone; this adds the map, fills the hidden `zones`
// field with what is drawn (GeoJSON) and shows each zone's area and any warning as it changes.
const element = document.getElementById("zone-map");
const L = window.L;

// The 1 km National Grid when no basemap is configured: its lines for the visible part of the
// map come from the service (`/map-grid`), which projects them, so they are the grid of the
// printed maps, not lines of latitude and longitude. The box asked for is kept within what the
// service draws (about 50 km across) around the map's centre.
let gridAsked = null;

async function gridLines(map, layer) {
  if (gridAsked) gridAsked.abort();
  if (map.getZoom() < 11) {
    layer.clearLayers();
    return;
  }
  const bounds = map.getBounds();
  const centre = bounds.getCenter();
  const box = {
    west: Math.max(bounds.getWest(), centre.lng - 0.44).toFixed(5),
    south: Math.max(bounds.getSouth(), centre.lat - 0.24).toFixed(5),
    east: Math.min(bounds.getEast(), centre.lng + 0.44).toFixed(5),
    north: Math.min(bounds.getNorth(), centre.lat + 0.24).toFixed(5),
  };
  gridAsked = new AbortController();
  let lines;
  try {
    const response = await fetch(`/map-grid?${new URLSearchParams(box)}`, {
      credentials: "same-origin",
      signal: gridAsked.signal,
    });
    if (!response.ok) return;
    lines = await response.json();
  } catch (problem) {
    return; // moved again before the answer came, or the service could not be reached
  }
  layer.clearLayers();
  L.geoJSON(lines, {
    style: { color: "#b1b4b6", weight: 1 },
    interactive: false,
    pmIgnore: true,
  }).addTo(layer);
}

function drawnZones(map) {
  const features = map.pm
    .getGeomanLayers()
    .filter((layer) => layer instanceof L.Polygon)
    .map((layer) => layer.toGeoJSON(7));
  return { type: "FeatureCollection", features };
}

async function showCheck(url, zones, status) {
  const form = element.closest("form");
  const token = form.querySelector("input[name=_csrf_token]");
  const body = new URLSearchParams({ zones: JSON.stringify(zones) });
  if (token) body.append("_csrf_token", token.value);
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: token ? { "x-csrftoken": token.value } : {},
    credentials: "same-origin",
  });
  if (!response.ok) return;
  const result = await response.json();
  status.replaceChildren();
  if (result.problem) {
    const p = document.createElement("p");
    p.className = "govuk-error-message";
    p.textContent = result.problem;
    status.append(p);
    return;
  }
  const list = document.createElement("ul");
  list.className = "govuk-list";
  for (const zone of result.zones) {
    const item = document.createElement("li");
    item.textContent = `${zone.label}: ${zone.area_km2.toFixed(3)} km²`;
    list.append(item);
  }
  status.append(list);
  for (const warning of result.warnings) {
    const p = document.createElement("p");
    p.className = "govuk-warning-text__text";
    p.textContent = warning;
    status.append(p);
  }
}

if (element && L && L.PM) {
  element.hidden = false;
  document.getElementById("zone-map-help").hidden = false;
  const field = document.getElementById("zones");
  const status = document.getElementById("zone-status");
  const map = L.map(element, { keyboard: true, zoomSnap: 1 });
  const outline = JSON.parse(element.dataset.outline);
  const outlineLayer = L.geoJSON(outline, {
    style: { color: "#505a5f", weight: 2, fill: false },
    interactive: false,
    pmIgnore: true,
  });
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 19,
      attribution: element.dataset.attribution,
    }).addTo(map);
  } else {
    outlineLayer.addTo(map);
    const grid = L.layerGroup([], { pmIgnore: true }).addTo(map);
    map.on("moveend", () => gridLines(map, grid));
  }
  const update = () => {
    const zones = drawnZones(map);
    field.value = zones.features.length ? JSON.stringify(zones) : "";
    if (zones.features.length) showCheck(element.dataset.check, zones, status);
    else status.replaceChildren();
  };
  const watch = (layer) => {
    layer.on("pm:edit", update);
    layer.on("pm:dragend", update);
  };
  let drawn = null;
  if (element.dataset.drawn) {
    try {
      drawn = L.geoJSON(JSON.parse(element.dataset.drawn), {
        style: { color: "#d4351c", weight: 3 },
      }).addTo(map);
      drawn.eachLayer(watch);
    } catch (problem) {
      drawn = null;
    }
  }
  map.fitBounds((drawn && drawn.getBounds().isValid() ? drawn : outlineLayer).getBounds());
  map.pm.setGlobalOptions({ pathOptions: { color: "#d4351c", weight: 3 } });
  map.pm.addControls({
    position: "topleft",
    drawMarker: false,
    drawCircleMarker: false,
    drawPolyline: false,
    drawCircle: false,
    drawText: false,
    cutPolygon: false,
    rotateMode: false,
  });
  // Geoman titles its tools' containers, not their buttons: name each button for screen readers.
  for (const container of element.querySelectorAll(".leaflet-pm-toolbar .button-container[title]")) {
    const button = container.querySelector(".leaflet-buttons-control-button");
    if (button) button.setAttribute("aria-label", container.getAttribute("title"));
  }
  map.on("pm:create", (event) => {
    watch(event.layer);
    update();
  });
  map.on("pm:remove", update);
  if (drawn) update();
  window.vcsZoneMap = map;
  element.dataset.ready = "true";
}
