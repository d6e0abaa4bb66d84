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
  if (!response.ok) return null;
  const result = await response.json();
  status.replaceChildren();
  if (result.problem) {
    const p = document.createElement("p");
    p.className = "govuk-error-message";
    p.textContent = result.problem;
    status.append(p);
    return result;
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
  return result;
}

function areaInWords(km2) {
  const figure = km2 >= 10 ? Math.round(km2) : Number(km2.toPrecision(2));
  return `${figure} square kilometre${figure === 1 ? "" : "s"}`;
}

const zoneLabel = (index) => `Zone ${String.fromCharCode(65 + index)}`;

// Drawing and editing by keyboard, on the map itself: the map takes the focus, a cross marks its
// centre, the arrow keys move the map under it (Leaflet's own keys, with + and - to zoom), and
// Enter adds a corner at the cross, Backspace removes the last one, F finishes the zone and
// Escape cancels it; the buttons under the map do the same. The list of zones under the map
// lets a zone be redrawn or deleted. Each step is said in the live region ("Corner 3 added").
function keyboardDrawing(map) {
  const panel = document.getElementById("zone-keys");
  const said = document.getElementById("zone-said");
  const list = document.getElementById("zone-list");
  const cross = document.createElement("div");
  cross.className = "app-zone-crosshair";
  cross.setAttribute("aria-hidden", "true");
  element.append(cross);
  element.tabIndex = 0;
  element.setAttribute("aria-describedby", "zone-keys-help");
  const lineStyle = { color: "#d4351c", weight: 3, dashArray: "6 6", interactive: false };
  const cornerStyle = { radius: 5, color: "#d4351c", fillOpacity: 1, interactive: false };
  const sketch = L.layerGroup([], { pmIgnore: true }).addTo(map);
  let corners = [];
  let replacing = null; // the zone being redrawn, kept until the new one is finished
  let guide = null;
  let update = () => Promise.resolve(null);
  let watch = () => {};

  const say = (words) => {
    said.textContent = "";
    window.setTimeout(() => {
      said.textContent = words;
    }, 50);
  };
  const zones = () => map.pm.getGeomanLayers().filter((layer) => layer instanceof L.Polygon);
  const redrawSketch = () => {
    sketch.clearLayers();
    if (corners.length > 1) {
      const line = corners.length > 2 ? [...corners, corners[0]] : corners;
      L.polyline(line, { ...lineStyle, pmIgnore: true }).addTo(sketch);
    }
    for (const corner of corners) L.circleMarker(corner, { ...cornerStyle, pmIgnore: true }).addTo(sketch);
  };
  const forgetGuide = () => {
    if (guide) map.removeLayer(guide);
    guide = null;
  };

  const addCorner = () => {
    const centre = map.getCenter();
    corners.push(L.latLng(centre.lat, centre.lng));
    redrawSketch();
    say(`Corner ${corners.length} added`);
  };
  const removeCorner = () => {
    if (!corners.length) {
      say("There is no corner to remove");
      return;
    }
    corners.pop();
    redrawSketch();
    say(`Corner ${corners.length + 1} removed; ${corners.length} left`);
  };
  const finish = async () => {
    if (corners.length < 3) {
      say(`A zone needs at least three corners; this one has ${corners.length}`);
      return;
    }
    const zone = L.polygon(corners, { color: "#d4351c", weight: 3 }).addTo(map);
    corners = [];
    redrawSketch();
    if (replacing) replacing = null;
    forgetGuide();
    watch(zone);
    const index = zones().indexOf(zone);
    const result = await update();
    const label = zoneLabel(index);
    if (result && result.problem) {
      say(`${label} finished, but it cannot be saved: ${result.problem}`);
    } else if (result && result.zones && result.zones[index]) {
      const warnings = (result.warnings || []).join(" ");
      say(`${label} finished: ${areaInWords(result.zones[index].area_km2)}. ${warnings}`.trim());
    } else {
      say(`${label} finished`);
    }
  };
  const stop = () => {
    // Whatever is being drawn is dropped; a zone being redrawn is put back as it was.
    const had = corners.length;
    const restored = replacing;
    corners = [];
    redrawSketch();
    forgetGuide();
    if (restored) {
      restored.addTo(map);
      replacing = null;
      update();
    }
    return { had, restored };
  };
  const cancel = () => {
    const { had, restored } = stop();
    if (restored) say("Redrawing cancelled: the zone is kept as it was");
    else say(had ? "Zone cancelled: its corners are removed" : "Nothing is being drawn");
  };
  const remove = (layer, label) => {
    stop();
    map.removeLayer(layer);
    update();
    element.focus();
    say(`${label} deleted`);
  };
  const redraw = (layer, label) => {
    stop();
    replacing = layer;
    guide = L.polygon(layer.getLatLngs(), {
      color: "#505a5f",
      weight: 2,
      dashArray: "4 4",
      fill: false,
      interactive: false,
      pmIgnore: true,
    }).addTo(map);
    map.removeLayer(layer);
    map.fitBounds(guide.getBounds().pad(0.2));
    update();
    element.focus();
    say(`Redrawing ${label}: add its corners again at the cross, then finish. Cancel keeps it as it was.`);
  };

  const button = (text, action) => {
    const made = document.createElement("button");
    made.type = "button";
    made.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-right-2";
    made.textContent = text;
    made.addEventListener("click", action);
    return made;
  };

  return {
    start(updateZones, watchZone) {
      update = updateZones;
      watch = watchZone;
      panel.hidden = false;
      document.getElementById("zone-add-corner").addEventListener("click", addCorner);
      document.getElementById("zone-remove-corner").addEventListener("click", removeCorner);
      document.getElementById("zone-finish").addEventListener("click", finish);
      document.getElementById("zone-cancel").addEventListener("click", cancel);
      element.addEventListener("keydown", (event) => {
        if (event.target !== element || event.ctrlKey || event.metaKey || event.altKey) return;
        const actions = { Enter: addCorner, Backspace: removeCorner, f: finish, F: finish, Escape: cancel };
        const action = actions[event.key];
        if (!action) return;
        event.preventDefault();
        action();
      });
    },
    listZones() {
      list.replaceChildren();
      const drawn = zones();
      if (!drawn.length) {
        const item = document.createElement("li");
        item.textContent = "No zone is drawn yet.";
        list.append(item);
      }
      drawn.forEach((layer, index) => {
        const label = zoneLabel(index);
        const item = document.createElement("li");
        item.className = "app-zone-list-item";
        const name = document.createElement("span");
        name.className = "govuk-!-margin-right-3";
        name.textContent = label;
        const redrawButton = button("Redraw", () => redraw(layer, label));
        const deleteButton = button("Delete", () => remove(layer, label));
        for (const [made, verb] of [[redrawButton, "Redraw"], [deleteButton, "Delete"]]) {
          const hidden = document.createElement("span");
          hidden.className = "govuk-visually-hidden";
          hidden.textContent = ` ${label}`;
          made.textContent = verb;
          made.append(hidden);
        }
        // The zone whose buttons have the focus is shown selected, with a thicker line.
        for (const made of [redrawButton, deleteButton]) {
          made.addEventListener("focus", () => layer.setStyle({ weight: 6 }));
          made.addEventListener("blur", () => layer.setStyle({ weight: 3 }));
        }
        item.append(name, redrawButton, deleteButton);
        list.append(item);
      });
    },
  };
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
  const keys = keyboardDrawing(map);
  const update = () => {
    const zones = drawnZones(map);
    field.value = zones.features.length ? JSON.stringify(zones) : "";
    keys.listZones();
    if (zones.features.length) return showCheck(element.dataset.check, zones, status);
    status.replaceChildren();
    return Promise.resolve(null);
  };
  keys.start(update, (layer) => watch(layer));
  const watch = (layer) => {
    layer.on("pm:edit", update);
    layer.on("pm:dragend", update);
  };
  let drawn = null;
  if (element.dataset.drawn) {
    try {
      // Each zone its own polygon, so that each can be selected, redrawn or deleted.
      const saved = JSON.parse(element.dataset.drawn);
      const parts =
        saved.type === "MultiPolygon"
          ? saved.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }))
          : [saved];
      drawn = L.geoJSON({ type: "GeometryCollection", geometries: parts }, {
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
  else keys.listZones();
  window.vcsZoneMap = map;
  element.dataset.ready = "true";
}
