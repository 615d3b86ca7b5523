"""The preview site's own CSS and scripts (everything inline: the site works from file://)."""

from __future__ import annotations

# What Anki desktop's reviewer puts around every card (its reviewer stylesheet: a 20px body
# margin, long words broken, images no wider than the window, its play buttons). The note
# type's CSS comes after it, inside the body, exactly as in Anki, so it can override these.
CLIENT_CSS = """
body { margin: 20px; overflow-wrap: break-word; }
body.nightMode { background-color: #2c2c2c; color: #fcfcfc; }
img { max-width: 100%; max-height: 95vh; }
li { text-align: start; }
pre { text-align: left; }
.replay-button { text-decoration: none; display: inline-flex; vertical-align: middle; margin: 3px; }
.replay-button svg { width: 40px; height: 40px; }
.replay-button svg circle { fill: #fff; stroke: #414141; }
.replay-button svg path { fill: #414141; }
"""

# In each side document: night mode from the URL hash (`#night`), as Anki sets it (desktop
# and AnkiDroid put both class names on the body), and the height told to the card page so
# its frame fits (the page cannot read a file:// frame itself).
SIDE_JS = r"""
function v2aMode() {
  var night = location.hash.indexOf("night") >= 0;
  document.body.classList.toggle("nightMode", night);
  document.body.classList.toggle("night_mode", night);
  v2aHeight();
}
function v2aHeight() {
  // The card's own height (the root box includes the body's margins), not the frame's.
  var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  parent.postMessage({v2aFrame: window.name, height: height}, "*");
}
// `[anki:play:q:0]` (the backend's mark for the side's first sound) → the play button Anki's
// reviewer draws there (aqt/sound.py av_refs_to_play_icons); a click plays the file, or
// opens a video, as Anki plays both.
var V2A_PLAY = '<svg class="playImage" viewBox="0 0 64 64" version="1.1">' +
  '<circle cx="32" cy="32" r="29" />' +
  '<path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z" /></svg>';
function v2aButton(name) {
  var a = document.createElement("a");
  a.className = "replay-button soundLink";
  a.href = "#";
  a.draggable = false;
  a.title = name || "";
  a.innerHTML = V2A_PLAY;
  a.onclick = function (e) {
    e.preventDefault();
    if (!name) return;
    if (/\.(mp4|webm|mov|mkv)$/i.test(name)) window.open(name);
    else new Audio(name).play();
  };
  return a;
}
function v2aSounds() {
  var sounds = JSON.parse(document.documentElement.dataset.sounds || "{}"), found = [];
  var walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    if (/\[anki:play:[qa]:\d+\]/.test(walk.currentNode.data)) found.push(walk.currentNode);
  }
  found.forEach(function (node) {
    var parts = node.data.split(/(\[anki:play:[qa]:\d+\])/);
    var here = document.createDocumentFragment();
    parts.forEach(function (part) {
      var m = /^\[anki:play:([qa]):(\d+)\]$/.exec(part);
      here.appendChild(m ? v2aButton((sounds[m[1]] || [])[+m[2]])
                         : document.createTextNode(part));
    });
    node.parentNode.replaceChild(here, node);
  });
}
// As the reviewer, once the card is in place: MathJax (loaded only for a side with math,
// Anki's config) typesets it; the frame's height follows. `data-typeset` on the root says
// it is done (what a test waits for).
function v2aMath() {
  if (!window.MathJax || !MathJax.startup) return;
  function done() { document.documentElement.dataset.typeset = "1"; v2aHeight(); }
  MathJax.startup.promise.then(function () { return MathJax.typesetPromise([document.body]); })
    .then(done, done);
}
addEventListener("hashchange", v2aMode);
addEventListener("DOMContentLoaded", function () { v2aSounds(); v2aMode(); v2aMath(); });
addEventListener("load", v2aHeight);
addEventListener("resize", v2aHeight);
"""

SITE_CSS = """
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff;
  --line: #d1d9e0; --warn: #9a6700; --err: #d1242f; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117;
  --line: #3d444d; --warn: #d29922; --err: #f85149; --accent: #4493f8; } }
/* The Night button darkens the whole page, not only the cards (the body's background is the
   page's canvas). */
body.night { color-scheme: dark; --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117;
  --line: #3d444d; --warn: #d29922; --err: #f85149; --accent: #4493f8; }
body { font: 15px/1.45 system-ui, "Noto Sans", sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 16px; max-width: 1700px; }
a { color: var(--accent); }
h1 { font-size: 1.4em; margin: .2em 0 .6em; }
.filters { display: flex; flex-wrap: wrap; gap: .6em 1.2em; align-items: center;
  margin-bottom: 1em; }
.filters select, .filters input { font: inherit; }
/* A deck named like its folder path must not widen the page: the box is cut, not the page. */
.filters label { display: flex; gap: .4em; align-items: center; max-width: 100%; min-width: 0; }
.filters select { min-width: 0; max-width: 100%; text-overflow: ellipsis; }
td { overflow-wrap: anywhere; }
td.question { width: 40%; }
.filters input[type=search] { flex: 1 1 12em; min-width: 0; max-width: 28em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35em .5em;
  border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
.muted, .tags, td.source { color: var(--muted); font-size: .9em; }
.problems { margin: .2em 0 0; padding-left: 1.1em; font-size: .9em; }
.warning { color: var(--warn); }
.error { color: var(--err); }
.toolbar { position: sticky; top: 0; background: var(--bg); padding: .5em 0;
  border-bottom: 1px solid var(--line); display: flex; gap: 1em; flex-wrap: wrap; z-index: 1; }
.toolbar button { font: inherit; padding: .25em .8em; border: 1px solid var(--line);
  background: transparent; color: var(--fg); border-radius: 6px; cursor: pointer; }
.toolbar button[aria-pressed="true"] { background: var(--accent); color: #fff;
  border-color: var(--accent); }
.sides { display: flex; flex-wrap: wrap; gap: 16px; margin: .5em 0 1.5em; }
.side { margin: 0; }
.side figcaption { color: var(--muted); font-size: .9em; margin-bottom: .3em; }
/* A frame is exactly the width it names (800 or 390 px, the card's own viewport): its line is
   an outline, which takes no room. */
.side iframe { display: block; border: 0; outline: 1px solid var(--line); border-radius: 8px;
  width: 800px; height: 300px; background: #fff; }
.night .side iframe { background: #2c2c2c; }
.phone .side iframe { width: 390px; }
/* On a phone: no page-wide sideways scrolling. The index's rows become blocks (question
   first, then deck, source and tags), and the page loses its side padding so a 390 px frame
   fits a 390 px screen. */
@media (max-width: 640px) {
  body { padding: 8px 0; }
  body > :not(.sides), .side figcaption { margin-left: 8px; margin-right: 8px; }
  thead { display: none; }
  table, tbody, tr, td { display: block; }
  table { width: auto; }
  tr.card { padding: .5em 0; border-bottom: 1px solid var(--line); }
  td { border: 0; padding: .1em 0; overflow-wrap: anywhere; }
  td.question { font-size: 1.05em; width: auto; }
  td.deck::after { content: " · "; }
  td.tags:not(:empty)::before { content: " · "; }
  td.deck, td.source, td.tags { display: inline; color: var(--muted); font-size: .9em; }
}
"""

INDEX_JS = """
function v2aFilter() {
  var deckBox = document.getElementById("deck"), deck = deckBox ? deckBox.value : "";
  var tag = document.getElementById("tag").value, shown = 0;
  var problem = document.getElementById("problem").value;
  var words = document.getElementById("search").value.toLowerCase().split(/\\s+/);
  var rows = document.querySelectorAll("tr.card");
  rows.forEach(function (row) {
    var kinds = row.dataset.problems ? row.dataset.problems.split(" ") : [];
    var text = row.textContent.toLowerCase();
    var ok = words.every(function (w) { return text.indexOf(w) >= 0; })
      && (!deck || row.dataset.deck === deck || row.dataset.deck.indexOf(deck + "::") === 0)
      && (!tag || (" " + row.dataset.tags + " ").indexOf(" " + tag + " ") >= 0)
      && (!problem || (problem === "*" ? kinds.length > 0 : problem === "-" ? kinds.length === 0
                                       : kinds.indexOf(problem) >= 0));
    row.hidden = !ok;
    if (ok) shown++;
  });
  document.getElementById("shown").textContent = shown + " of " + rows.length + " notes shown";
}
addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".filters select").forEach(function (s) { s.onchange = v2aFilter; });
  document.getElementById("search").oninput = v2aFilter;
  v2aFilter();
});
"""

CARD_JS = """
function v2aState() {
  var h = location.hash.slice(1).split(",");
  return {night: h.indexOf("night") >= 0, phone: h.indexOf("phone") >= 0};
}
function v2aApply() {
  var s = v2aState();
  document.body.classList.toggle("night", s.night);
  document.body.classList.toggle("phone", s.phone);
  document.querySelectorAll("button[data-mode]").forEach(function (b) {
    var on = b.dataset.mode === "night" ? s.night : b.dataset.mode === "light" ? !s.night
           : b.dataset.mode === "phone" ? s.phone : !s.phone;
    b.setAttribute("aria-pressed", on ? "true" : "false");
  });
  document.querySelectorAll("iframe").forEach(function (f) {
    var url = f.getAttribute("src").split("#")[0] + (s.night ? "#night" : "#light");
    if (f.getAttribute("src") !== url) f.setAttribute("src", url);
  });
}
function v2aSet(mode) {
  var s = v2aState();
  if (mode === "night" || mode === "light") s.night = mode === "night";
  else s.phone = mode === "phone";
  location.hash = [s.night ? "night" : "light", s.phone ? "phone" : "desktop"].join(",");
}
addEventListener("message", function (e) {
  var f = e.data && document.getElementsByName(e.data.v2aFrame)[0];
  if (f) f.style.height = (e.data.height + 2) + "px";
});
addEventListener("hashchange", v2aApply);
addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-mode]").forEach(function (b) {
    b.onclick = function () { v2aSet(b.dataset.mode); };
  });
  v2aApply();
});
"""
