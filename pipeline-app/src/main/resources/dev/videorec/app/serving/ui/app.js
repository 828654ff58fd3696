// The page asks the same API a client does (/v1/...), and shows what the funnel did for one request.
"use strict";

const $ = (id) => document.getElementById(id);

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const [value, cls] of cells) tr.appendChild(text("td", value, cls));
  return tr;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || body.title || ("HTTP " + response.status));
  return body;
}

function fill(list, items, render) {
  list.replaceChildren(...items.map(render));
}

function showLatency(stages, totalMicros) {
  const longest = Math.max(1, ...stages.map((s) => s.micros), totalMicros);
  const all = stages.concat([{ stage: "total", micros: totalMicros }]);
  fill($("latency"), all, (s) => {
    const line = document.createElement("div");
    line.className = "stage";
    line.appendChild(text("span", s.stage));
    const bar = text("span", "", "bar");
    bar.style.width = (100 * s.micros / longest).toFixed(1) + "%";
    line.appendChild(bar);
    line.appendChild(text("span", (s.micros / 1000).toFixed(2) + " ms", "ms"));
    return line;
  });
}

async function recommend(event) {
  if (event) event.preventDefault();
  const user = $("user").value.trim();
  if (!user) return;
  const k = $("k").value;
  const mode = document.querySelector("input[name=mode]:checked").value;
  const status = $("status");
  status.className = "";
  status.textContent = "asking for user " + user + "…";
  try {
    const q = "user=" + encodeURIComponent(user);
    const [list, past] = await Promise.all([
      api("/v1/recommend?" + q + "&k=" + k + "&mode=" + mode + "&explain=true"),
      api("/v1/history?" + q + "&n=20"),
    ]);
    fill($("history"), past.watched, (v) => text("li", "video " + v));
    if (past.watched.length === 0) $("history").replaceChildren(text("li", "nothing: a new user"));
    const sources = Object.entries(list.trace.candidatesBySource || {});
    fill($("candidates").tBodies[0], sources, ([source, c]) =>
      row([[source], [String(c.count), "num"], [c.first.join(", ")]]));
    if (sources.length === 0) {
      $("candidates").tBodies[0].replaceChildren(row([[list.mode === "static"
        ? "a static list keeps no candidates: ask in dynamic mode" : "none"]]));
    }
    fill($("list").tBodies[0], list.recommendations, (r) =>
      row([[String(r.rank), "num"], ["video " + r.video], [r.score.toFixed(4), "num"],
           [(r.sources || []).join(", ")], [r.why || "", "why"]]));
    fill($("removed"), list.trace.removed, (d) => text("li", d));
    if (list.trace.removed.length === 0) $("removed").replaceChildren(text("li", "nothing"));
    fill($("degraded"), list.degraded, (d) => text("li", d));
    if (list.degraded.length === 0) $("degraded").replaceChildren(text("li", "no stage fell back"));
    showLatency(list.trace.stages, list.latencyMicros);
    status.textContent = list.recommendations.length + " videos for user " + list.user + " (" + list.mode
      + ", " + (list.latencyMicros / 1000).toFixed(2) + " ms)";
    window.history.replaceState(null, "", "?user=" + encodeURIComponent(user) + "&k=" + k + "&mode=" + mode);
  } catch (e) {
    status.className = "error";
    status.textContent = e.message;
  }
}

async function start() {
  $("ask").addEventListener("submit", recommend);
  try {
    const health = await api("/v1/health");
    $("server").textContent = health.videos + " videos, " + health.users + " users, " + health.mode
      + " mode by default";
    const users = await api("/v1/users?n=50");
    fill($("users"), users.users, (u) => { const o = document.createElement("option"); o.value = u; return o; });
  } catch (e) {
    $("server").textContent = e.message;
  }
  const params = new URLSearchParams(location.search);
  if (params.get("k")) $("k").value = params.get("k");
  if (params.get("mode") === "static") document.querySelector("input[value=static]").checked = true;
  if (params.get("user")) {
    $("user").value = params.get("user");
    await recommend();
  }
}

start();
