#!/usr/bin/env node
// search-bytes.mjs: how many bytes a reader downloads for a first search query, with akhbar's
// own search (/search/) and with Pagefind's default UI, on the same built akhbar site.
//
// Setup, once, in a scratch folder (nothing is added to this repository):
//
//   mkdir -p /tmp/sb && cd /tmp/sb && npm init -y && npm install playwright-core pagefind
//
// Run it from that folder (it loads playwright-core and runs `npx pagefind` from the current
// directory) on a site built by akhbar:
//
//   cargo run -q --release -- build --output /tmp/demo-site          # in the repository
//   cd /tmp/sb && node /work/main/scripts/search-bytes.mjs /tmp/demo-site "کارت هوشمند" "ثبت ولادت"
//
// Without queries it uses «کارت هوشمند» and «ثبت ولادت». Headless Chromium is Debian's
// /usr/bin/chromium (CHROMIUM=… to change it).
//
// What it does:
//  - links SITE into a copy (<tmp>/search-bytes-<name>, `cp -al`; the copy only gains files)
//    and runs Pagefind 1.x on it twice: with its defaults (every page, bundle /pagefind/), and
//    on the news pages' <article> only (bundle /pagefind-news/); adds pf.html and
//    pf-news.html with Pagefind's default UI (`new PagefindUI({ element: "#search" })`);
//  - serves the copy on 127.0.0.1 with Node's http module, gzip (zlib level 6) whenever the
//    request accepts it and gzip makes the body smaller (Pagefind's .pf_* files are gzip
//    already), and logs each response's body size as sent and uncompressed;
//  - in a fresh browser context for each run (empty cache), opens /search/?q=QUERY and counts
//    the responses under /search/ except the page's HTML, or opens pf.html, types QUERY into the
//    UI and counts the responses under the bundle folder; it waits until results (or «no
//    results») are shown and the network has been quiet for 1 s;
//  - prints a table per query, then the result titles for «كارت هوشمند» (Arabic kaf) beside
//    «کارت هوشمند» (Persian keheh).
//
// Bytes are response bodies, without HTTP headers.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const { chromium } = require("playwright-core");

const [siteArg, ...queryArgs] = process.argv.slice(2);
if (!siteArg || !fs.existsSync(path.join(siteArg, "search", "search.js"))) {
  console.error("usage: node search-bytes.mjs SITE [QUERY…]   (SITE: a folder `akhbar build` wrote)");
  process.exit(2);
}
const SITE = path.resolve(siteArg);
const QUERIES = queryArgs.length ? queryArgs : ["کارت هوشمند", "ثبت ولادت"];
const ARABIC = "كارت هوشمند"; // U+0643 ARABIC LETTER KAF
const PERSIAN = "کارت هوشمند"; // U+06A9 ARABIC LETTER KEHEH, as Persian writes it
const QUIET_MS = 1000;

// ------------------------------------------------------------------ the copy and Pagefind
const COPY = path.join(os.tmpdir(), "search-bytes-" + path.basename(SITE));
fs.rmSync(COPY, { recursive: true, force: true });
if (spawnSync("cp", ["-al", SITE, COPY]).status !== 0) fs.cpSync(SITE, COPY, { recursive: true });

function pagefind(label, args) {
  const started = Date.now();
  const run = spawnSync("npx", ["pagefind", "--site", COPY, ...args], { encoding: "utf8" });
  if (run.status !== 0) {
    console.error(run.stdout + run.stderr);
    throw new Error("pagefind failed");
  }
  const lines = run.stdout.split("\n").filter((l) => /Indexed|Total|language/i.test(l));
  console.log(`pagefind (${label}): ${((Date.now() - started) / 1000).toFixed(1)} s; ${lines.map((l) => l.trim()).join("; ")}`);
}
pagefind("every page", []);
pagefind("news articles", [
  "--output-subdir", "pagefind-news",
  "--glob", "news/*/index.html",
  "--root-selector", "article.article--news",
]);
for (const [file, bundle] of [["pf.html", "/pagefind/"], ["pf-news.html", "/pagefind-news/"]]) {
  fs.writeFileSync(path.join(COPY, file), `<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="${bundle}pagefind-ui.css" rel="stylesheet">
<script src="${bundle}pagefind-ui.js"></script></head>
<body><div id="search"></div>
<script>window.addEventListener("DOMContentLoaded", () => {
  new PagefindUI({ element: "#search"${bundle === "/pagefind/" ? "" : `, bundlePath: "${bundle}"`} });
});</script></body></html>
`);
}

// ------------------------------------------------------------------ the static server
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
  ".svg": "image/svg+xml", ".woff2": "font/woff2", ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};
let log = [], inFlight = 0, lastActivity = Date.now();
const server = http.createServer((req, res) => {
  inFlight++;
  lastActivity = Date.now();
  res.on("close", () => { inFlight--; lastActivity = Date.now(); });
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = path.join(COPY, path.normalize(urlPath));
  if (!file.startsWith(COPY)) return res.writeHead(403).end();
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    if (!urlPath.endsWith("/")) return res.writeHead(301, { Location: urlPath + "/" }).end();
    file = path.join(file, "index.html");
  }
  if (!fs.existsSync(file)) {
    log.push({ path: urlPath, status: 404, raw: 0, sent: 0 });
    return res.writeHead(404).end();
  }
  const raw = fs.readFileSync(file);
  let body = raw;
  const headers = {
    "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
    "Cache-Control": "no-cache",
  };
  if (/\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
    const gz = zlib.gzipSync(raw, { level: 6 });
    if (gz.length < raw.length) {
      body = gz;
      headers["Content-Encoding"] = "gzip";
    }
  }
  headers["Content-Length"] = body.length;
  log.push({ path: urlPath, status: 200, raw: raw.length, sent: body.length });
  res.writeHead(200, headers).end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const BASE = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------------ the browser
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

async function quiet() {
  while (inFlight > 0 || Date.now() - lastActivity < QUIET_MS) await new Promise((r) => setTimeout(r, 100));
}
const latin = (s) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0)).replace(/[٬,]/g, "");

// One first query in a fresh context: the responses under `prefix`, the results shown.
async function measure(setup, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  log = [];
  let prefix, page_html, total, titles, ids = null, perWord = null;
  if (setup === "akhbar") {
    prefix = "/search/";
    page_html = (e) => e.path === "/search/" || e.path === "/search/index.html";
    await page.goto(`${BASE}/search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "", null, { timeout: 120000 });
    await quiet();
    const status = await page.textContent("#search-status");
    total = Number((latin(status).match(/^\s*(\d+)/) || [0, 0])[1]); // «۱۲ نتیجه», «نتیجه‌ای پیدا نشد»
    titles = await page.$$eval(".search-result-title a", (as) => as.map((a) => a.textContent.trim()));
  } else {
    const news = setup.includes("news");
    prefix = news ? "/pagefind-news/" : "/pagefind/";
    page_html = (e) => e.path === (news ? "/pf-news.html" : "/pf.html");
    await page.goto(`${BASE}${news ? "/pf-news.html" : "/pf.html"}`);
    await page.waitForSelector(".pagefind-ui__search-input");
    await page.fill(".pagefind-ui__search-input", query);
    // The UI speaks Persian on a lang="fa" page: «۳۴ نتیجه برای … پیدا شد», «هیچ نتیجه‌ای … پیدا نشد».
    await page.waitForFunction(() => {
      const m = document.querySelector(".pagefind-ui__message");
      return m && /پیدا (ن)?شد|results? for|no results/i.test(m.textContent);
    }, null, { timeout: 120000 });
    await quiet();
    const message = await page.textContent(".pagefind-ui__message");
    total = Number((latin(message).match(/^\s*(\d+)/) || [0, 0])[1]);
    titles = await page.$$eval(".pagefind-ui__result-link", (as) => as.map((a) => a.textContent.trim()));
    // After the measurement: every result's id, and the count for each word alone, through
    // Pagefind's own API (the module the UI loaded; nothing here is counted).
    const bundle = prefix;
    const words = query.split(/\s+/);
    ({ ids, perWord } = await page.evaluate(async ({ bundle, query, words }) => {
      const pf = await import(bundle + "pagefind.js");
      const ids = (await pf.search(query)).results.map((r) => r.id);
      const perWord = [];
      for (const w of words) perWord.push([w, (await pf.search(w)).results.length]);
      return { ids, perWord };
    }, { bundle, query, words }));
  }
  const counted = log.filter((e) => e.path.startsWith(prefix) && !page_html(e));
  const html = log.filter(page_html);
  await context.close();
  const sum = (list, key) => list.reduce((n, e) => n + e[key], 0);
  return {
    setup, query, requests: counted.length, sent: sum(counted, "sent"), raw: sum(counted, "raw"),
    shown: titles.length, total, titles, ids, perWord, files: counted.map((e) => `${e.path.slice(prefix.length)} ${(e.sent / 1024).toFixed(1)}`),
    htmlSent: sum(html, "sent"), notFound: counted.filter((e) => e.status !== 200).length,
  };
}

const SETUPS = ["akhbar", "pagefind (every page)", "pagefind (news articles)"];
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
const results = [];
console.log(`\nsite: ${SITE}  (${JSON.parse(fs.readFileSync(path.join(SITE, "search", "meta.json"))).docs} documents in akhbar's index)`);
for (const query of QUERIES) {
  console.log(`\nquery «${query}»`);
  console.log("setup".padEnd(26) + "requests" + "   transferred (gzip)" + "   uncompressed" + "   results shown / found");
  for (const setup of SETUPS) {
    const r = await measure(setup, query);
    results.push(r);
    console.log(setup.padEnd(26) + String(r.requests).padStart(8) + kb(r.sent).padStart(21) +
      kb(r.raw).padStart(15) + `   ${r.shown} / ${r.total}` + (r.notFound ? `  (${r.notFound} not found!)` : ""));
  }
  for (const r of results.filter((r) => r.query === query)) {
    console.log(`  ${r.setup}, KB gzip under ${r.setup === "akhbar" ? "/search/" : "its bundle"}: ${r.files.join(", ")}` +
      ` (+ the page's HTML, ${kb(r.htmlSent).trim()}, not counted)`);
  }
}

console.log(`\nArabic kaf «${ARABIC}» against Persian keheh «${PERSIAN}»:`);
for (const setup of SETUPS) {
  const a = await measure(setup, ARABIC);
  const p = results.find((r) => r.setup === setup && r.query === PERSIAN) || (await measure(setup, PERSIAN));
  let verdict;
  if (a.ids) {
    // Pagefind: compare every result, not only the five the UI shows.
    const pSet = new Set(p.ids);
    const common = a.ids.filter((id) => pSet.has(id)).length;
    verdict = JSON.stringify(a.ids) === JSON.stringify(p.ids) ? "the same results in the same order"
      : common === a.ids.length && common === p.ids.length ? "the same results in a different order"
      : `${common} results in common`;
    verdict += `; each word alone: ${a.perWord.map(([w, n]) => `«${w}» ${n}`).join(", ")}` +
      ` against ${p.perWord.map(([w, n]) => `«${w}» ${n}`).join(", ")}`;
  } else {
    const same = a.total === p.total && JSON.stringify(a.titles) === JSON.stringify(p.titles);
    verdict = same ? "the same results (count and every title shown, in order)" : "DIFFERENT results";
  }
  console.log(`\n${setup}: ${a.total} found for «${ARABIC}», ${p.total} for «${PERSIAN}»: ${verdict}`);
  console.log(`  «${ARABIC}» shows: ${a.titles.slice(0, 5).map((t) => `«${t}»`).join(", ") || "(nothing)"}`);
  console.log(`  «${PERSIAN}» shows: ${p.titles.slice(0, 5).map((t) => `«${t}»`).join(", ") || "(nothing)"}`);
}

await browser.close();
server.close();
fs.rmSync(COPY, { recursive: true, force: true });
