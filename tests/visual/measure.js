// Evaluated in a card's page by measure.py: the facts tests/visual asserts, as plain JSON.
() => {
  const canvas = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  const rgba = (css) => {  // a computed colour as [r, g, b, alpha]
    let m = css.match(/^rgba?\(([^)]+)\)$/);
    if (m) { const p = m[1].split(/[\s,\/]+/).map(parseFloat); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
    m = css.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/);
    if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : +m[4]];
    canvas.clearRect(0, 0, 1, 1); canvas.fillStyle = css; canvas.fillRect(0, 0, 1, 1);
    const d = canvas.getImageData(0, 0, 1, 1).data;  // anything else, drawn by the browser
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3]));
  const background = (el) => {  // the colour behind el's text: its backgrounds composited
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
    const dark = getComputedStyle(document.documentElement).colorScheme.includes("dark");
    let colour = dark ? [18, 18, 18] : [255, 255, 255];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (el) => {
    const bg = background(el), fg = over(rgba(getComputedStyle(el).color), bg);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  const ownText = (el) => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const vw = document.documentElement.clientWidth;
  const inScroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== "visible") return true;
    return false;
  };
  let left = 1e9, right = 1e9;
  for (const el of document.body.querySelectorAll("*")) {
    if (["STYLE", "SCRIPT", "BR"].includes(el.tagName) || inScroller(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    left = Math.min(left, r.left); right = Math.min(right, vw - r.right);
  }
  const card = document.querySelector(".card") || document.body;
  const bodySize = parseFloat(getComputedStyle(card).fontSize);
  const tokens = [...document.querySelectorAll("pre span, pre code")].filter(ownText)
    .map(s => ({cls: s.className, text: s.textContent.slice(0, 20), ratio: contrast(s)}));
  const texts = [...document.querySelectorAll("p, li, td, th")]
    .filter(e => ownText(e) && !e.closest(".source, .callout-title, pre"))
    .map(e => ({tag: e.tagName, text: e.textContent.slice(0, 20), ratio: contrast(e)}));
  const sig = (el) => { const s = getComputedStyle(el);
    const share = Math.round(el.getBoundingClientRect().width / document.body.clientWidth * 10);
    return [s.display, s.borderTopStyle, s.borderTopWidth, s.borderTopColor, share].join(" "); };
  const answerHr = document.querySelector("hr#answer"), noteHr = document.querySelector(".footnote hr");
  const sourceLink = document.querySelector(".source a");
  const pre = document.querySelector(".highlight pre");
  return {
    width: vw,
    overflow: document.documentElement.scrollWidth - vw,
    left: left, right: right,
    hiddenCode: [...document.querySelectorAll("pre")].filter(p => p.scrollWidth > p.clientWidth + 1).length,
    clozes: [...document.querySelectorAll(".cloze")].map(c => {
      const s = getComputedStyle(c), p = getComputedStyle(c.parentElement);
      return s.color !== p.color || s.fontWeight !== p.fontWeight || s.backgroundColor !== p.backgroundColor;
    }),
    borderedCode: [...document.querySelectorAll("pre span")].filter(s => {
      const c = getComputedStyle(s);
      return ["Top", "Right", "Bottom", "Left"].some(
        side => c["border" + side + "Style"] !== "none" && parseFloat(c["border" + side + "Width"]) > 0);
    }).length,
    tokens: tokens,
    texts: texts,
    bodySize: bodySize,
    headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
      .map(h => ({tag: h.tagName, size: parseFloat(getComputedStyle(h).fontSize)})),
    images: [...document.images].map(i => ({src: i.getAttribute("src"), ok: i.complete && i.naturalWidth > 0})),
    taskMarkers: [...document.querySelectorAll(".task-list-item")].map(li => getComputedStyle(li).listStyleType),
    sourceLink: sourceLink ? [getComputedStyle(sourceLink).color, getComputedStyle(sourceLink.parentElement).color] : null,
    colorScheme: getComputedStyle(document.documentElement).colorScheme + " / " + getComputedStyle(card).colorScheme,
    hrs: answerHr && noteHr ? [sig(answerHr), sig(noteHr)] : null,
    tables: [...document.querySelectorAll("table")].map(t => {
      const wrap = t.parentElement, lines = (cell) => {  // how many lines a cell's text takes
        const range = document.createRange(); range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
      };
      return {wrapped: wrap.classList.contains("table-wrap"), scroller: getComputedStyle(wrap).overflowX,
        inside: wrap.getBoundingClientRect().right <= vw, scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
        maxLines: Math.max(...[...t.querySelectorAll("th, td")].map(lines))};
    }),
    preLineHeight: pre ? parseFloat(getComputedStyle(pre).lineHeight) / parseFloat(getComputedStyle(pre).fontSize) : null,
  };
}
