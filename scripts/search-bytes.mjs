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
// Many queries, chosen from the corpus (the measurement of «the first screen of results costs at
// most half of Pagefind's news-only bytes, and at most 120 KB at 10,000 items / 150 KB at
// 100,000, for the 50 most frequent content words and 50 two-word queries»):
//
//   node scripts/search-queries.mjs /tmp/corpus10k > /tmp/q10k.json     # or --frequent below
//   cd /tmp/sb && nice -n 10 node /work/main/scripts/search-bytes.mjs /tmp/corpus10k-site \
//     --queries /tmp/q10k.json --skip-pagefind-all --limit-kb 120 --json /tmp/sb-10k.json
//
// Options (anywhere after SITE; QUERY arguments may still be given, and join the list):
//   --queries FILE        the queries: JSON from scripts/search-queries.mjs ({ "words": [...],
//                         "pairs": [...] }, or a JSON array of strings), or a text file with one
//                         query a line (blank lines and lines starting with # skipped). JSON keeps
//                         its two groups; other queries are grouped by their number of words:
//                         one word in «words», more in «pairs».
//   --frequent DIR        chooses the queries itself, by scripts/search-queries.mjs's rule, from
//                         DIR (a site's root with content/news/, its content folder, or the
//                         news folder): the 50 content words of highest document frequency
//                         (stop words, one-letter words and numbers left out; ties in code-point
//                         order) and 50 pairs «w[i] w[i+d]» of the 20 most frequent, for
//                         d = 1, 2, … and i = 0, 1, …, skipping pairs no item holds both words
//                         of (the pool grows by 10 words if 20 give too few). See that script.
//   --akhbar-only         measures akhbar alone (Pagefind is not run; the ratio columns mean
//                         nothing): for a corpus Pagefind cannot index on the machine.
//   --skip-pagefind-all   does not index or measure Pagefind on every page (/pagefind/), only
//                         on the news articles (/pagefind-news/); at 100,000 items indexing
//                         twice is slow, and the goal compares with the news-only setup.
//   --limit-kb N          the budget for akhbar's bytes in the summary (default 120: use 150 at
//                         100,000 items).
//   --json OUT            writes every row (each query and setup: requests, bytes gzip and
//                         uncompressed, results shown and found, the files fetched) and the
//                         summaries to OUT.
// With --queries or --frequent the output is one row per query (akhbar's gzip bytes and
// requests, Pagefind news-only's, the ratio akhbar / Pagefind news-only, then the query), and a
// summary for the words and for the pairs apart: the median and worst (largest) of akhbar's
// bytes, the median and worst ratio, and how many queries cost at most half of Pagefind's
// news-only bytes, at most --limit-kb, and both. The median of an even count is the mean of the
// two middle values. The Arabic-kaf comparison below is left out. Without those options the
// output is as it always was: a table per query and the kaf comparison.
//
// What it does:
//  - links SITE into a copy (<tmp>/search-bytes-<name>, `cp -al`; the copy only gains files)
//    and runs Pagefind 1.x on it, once for all the queries: with its defaults (every page,
//    bundle /pagefind/; not with --skip-pagefind-all), and on the news pages' <article> only
//    (bundle /pagefind-news/); adds pf.html and pf-news.html with Pagefind's default UI
//    (`new PagefindUI({ element: "#search" })`);
//  - serves the copy on 127.0.0.1 with Node's http module, gzip (zlib level 6) whenever the
//    request accepts it and gzip makes the body smaller (Pagefind's .pf_* files are gzip
//    already), and logs each response's body size as sent and uncompressed;
//  - starts one browser, and for each run (query and setup) a fresh context (empty cache):
//    opens /search/?q=QUERY and counts the responses under /search/ except the page's HTML
//    (/search/ itself), or opens pf.html, types QUERY into the UI and counts the responses under
//    the bundle folder;
//  - a run is done when the page says something and the network under the counted folder has
//    been quiet (nothing in flight, nothing started or ended) for 1 s: for akhbar, when
//    #search-status has text (a count, «no results», or anything else a client puts there), so
//    that it works whichever client /search/ has; for Pagefind, when its message says results
//    (or none) were found;
//  - prints a table per query, then the result titles for «كارت هوشمند» (Arabic kaf) beside
//    «کارت هوشمند» (Persian keheh); or, for many queries, the rows and summaries above.
//
// Bytes are response bodies, without HTTP headers.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import { chooseQueries } from "./search-queries.mjs";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const { chromium } = require("playwright-core");

// ------------------------------------------------------------------ the arguments
const USAGE = "usage: node search-bytes.mjs SITE [QUERY…] [--queries FILE] [--frequent CONTENT_DIR]\n" +
  "         [--skip-pagefind-all] [--akhbar-only] [--limit-kb N] [--json OUT]   (SITE: a folder `akhbar build` wrote)";
const positional = [];
const opt = { queries: null, frequent: null, skipAll: false, akhbarOnly: false, limitKb: 120, json: null };
{
  const args = process.argv.slice(2);
  const value = (i, name) => {
    if (i >= args.length) {
      console.error(`${name} needs a value\n${USAGE}`);
      process.exit(2);
    }
    return args[i];
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--queries") opt.queries = value(++i, a);
    else if (a === "--frequent") opt.frequent = value(++i, a);
    else if (a === "--skip-pagefind-all") opt.skipAll = true;
    else if (a === "--akhbar-only") opt.akhbarOnly = opt.skipAll = true;
    else if (a === "--limit-kb") {
      opt.limitKb = Number(value(++i, a));
      if (!(opt.limitKb > 0)) {
        console.error(`--limit-kb needs a positive number\n${USAGE}`);
        process.exit(2);
      }
    } else if (a === "--json") opt.json = value(++i, a);
    else if (a === "--") positional.push(...args.splice(i + 1));
    else if (a.startsWith("--")) {
      console.error(`unknown option ${a}\n${USAGE}`);
      process.exit(2);
    } else positional.push(a);
  }
}
const [siteArg, ...queryArgs] = positional;
if (!siteArg || !fs.existsSync(path.join(siteArg, "search", "index.html"))) {
  console.error(USAGE);
  process.exit(2);
}
const SITE = path.resolve(siteArg);
const MANY = Boolean(opt.queries || opt.frequent);
const ARABIC = "كارت هوشمند"; // U+0643 ARABIC LETTER KAF
const PERSIAN = "کارت هوشمند"; // U+06A9 ARABIC LETTER KEHEH, as Persian writes it
const QUIET_MS = 1000;
const QUIET_MAX_MS = 180000;

// The queries, as groups: [[name, [query, …]], …].
const groups = new Map();
const add = (group, q) => {
  q = String(q).trim().replace(/\s+/g, " ");
  if (!q) return;
  if (!groups.has(group)) groups.set(group, []);
  if (!groups.get(group).includes(q)) groups.get(group).push(q);
};
const byWords = (q) => add(String(q).trim().split(/\s+/).length > 1 ? "pairs" : "words", q);
if (MANY) {
  if (opt.frequent) {
    const started = Date.now();
    const chosen = chooseQueries(opt.frequent);
    chosen.words.forEach((q) => add("words", q));
    chosen.pairs.forEach((q) => add("pairs", q));
    console.log(`queries: ${chosen.words.length} words and ${chosen.pairs.length} pairs from ${chosen.documents} items in ${opt.frequent}` +
      ` (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (opt.queries) {
    const text = fs.readFileSync(opt.queries, "utf8");
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (Array.isArray(json)) json.forEach(byWords);
    else if (json && typeof json === "object") {
      (json.words || []).forEach((q) => add("words", q));
      (json.pairs || []).forEach((q) => add("pairs", q));
    } else {
      text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith("#")).forEach(byWords);
    }
  }
  queryArgs.forEach(byWords);
  if (![...groups.values()].some((g) => g.length)) {
    console.error("no queries");
    process.exit(2);
  }
} else {
  (queryArgs.length ? queryArgs : ["کارت هوشمند", "ثبت ولادت"]).forEach((q) => add("queries", q));
}

// ------------------------------------------------------------------ the copy and Pagefind
const COPY = path.join(os.tmpdir(), "search-bytes-" + path.basename(SITE));
fs.rmSync(COPY, { recursive: true, force: true });
if (spawnSync("cp", ["-al", SITE, COPY]).status !== 0) fs.cpSync(SITE, COPY, { recursive: true });

function pagefind(label, args) {
  const started = Date.now();
  const run = spawnSync("npx", ["pagefind", "--site", COPY, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (run.status !== 0) {
    console.error(run.stdout + run.stderr);
    throw new Error("pagefind failed");
  }
  const lines = run.stdout.split("\n").filter((l) => /Indexed|Total|language/i.test(l));
  console.log(`pagefind (${label}): ${((Date.now() - started) / 1000).toFixed(1)} s; ${lines.map((l) => l.trim()).join("; ")}`);
}
if (!opt.skipAll) pagefind("every page", []);
if (!opt.akhbarOnly) pagefind("news articles", [
  "--output-subdir", "pagefind-news",
  "--glob", "news/*/index.html",
  "--root-selector", "article.article--news",
]);
for (const [file, bundle] of [["pf.html", "/pagefind/"], ["pf-news.html", "/pagefind-news/"]]) {
  if ((opt.skipAll && bundle === "/pagefind/") || opt.akhbarOnly) continue;
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
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
  ".svg": "image/svg+xml", ".woff2": "font/woff2", ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};
// `log`: the responses of the current run; `activity`: every request of the current run, with
// when it started and ended (null while in flight), for the quiet test.
let log = [], activity = [];
const server = http.createServer((req, res) => {
  let urlPath, bad = false;
  try {
    urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
  } catch {
    urlPath = req.url;
    bad = true;
  }
  const act = { path: urlPath, start: Date.now(), end: null };
  activity.push(act);
  res.on("close", () => { act.end = Date.now(); });
  if (bad) return res.writeHead(400).end();
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

// Waits until nothing under `prefix` is in flight and nothing under it started or ended for
// QUIET_MS; false if that took more than QUIET_MAX_MS.
async function quiet(prefix) {
  const started = Date.now();
  for (;;) {
    const mine = activity.filter((a) => a.path.startsWith(prefix));
    const busy = mine.some((a) => a.end === null);
    const last = mine.reduce((t, a) => Math.max(t, a.start, a.end || 0), 0);
    if (!busy && Date.now() - last >= QUIET_MS) return true;
    if (Date.now() - started > QUIET_MAX_MS) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const latin = (s) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0)).replace(/[٬,]/g, "");

// One first query in a fresh context: the responses under `prefix`, the results shown. With
// `details`, Pagefind's every result and each word's count too (for the kaf comparison).
async function measure(setup, query, details = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  log = [];
  activity = [];
  let prefix, page_html, total, titles, settled, ids = null, perWord = null;
  if (setup === "akhbar") {
    prefix = "/search/";
    page_html = (e) => e.path === "/search/" || e.path === "/search/index.html";
    await page.goto(`${BASE}/search/?q=${encodeURIComponent(query)}`);
    // Whichever client: done when it has said something and /search/ is quiet.
    await page.waitForFunction(() => {
      const s = document.getElementById("search-status");
      return s && s.textContent.trim() !== "";
    }, null, { timeout: 120000 });
    settled = await quiet(prefix);
    const status = (await page.textContent("#search-status")) || "";
    total = Number((latin(status).match(/^[\s\u200e\u200f\u2066-\u2069]*(\d+)/) || [0, 0])[1]); // «۱۲ نتیجه», «نتیجه‌ای پیدا نشد»
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
    settled = await quiet(prefix);
    const message = await page.textContent(".pagefind-ui__message");
    total = Number((latin(message).match(/^\s*(\d+)/) || [0, 0])[1]);
    titles = await page.$$eval(".pagefind-ui__result-link", (as) => as.map((a) => a.textContent.trim()));
    if (details) {
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
  }
  const counted = log.filter((e) => e.path.startsWith(prefix) && !page_html(e));
  const html = log.filter(page_html);
  await context.close();
  const sum = (list, key) => list.reduce((n, e) => n + e[key], 0);
  return {
    setup, query, requests: counted.length, sent: sum(counted, "sent"), raw: sum(counted, "raw"),
    shown: titles.length, total, titles, ids, perWord, settled,
    files: counted.map((e) => `${e.path.slice(prefix.length)} ${(e.sent / 1024).toFixed(1)}`),
    htmlSent: sum(html, "sent"), notFound: counted.filter((e) => e.status !== 200).length,
  };
}

const SETUPS = ["akhbar", ...(opt.skipAll ? [] : ["pagefind (every page)"]), ...(opt.akhbarOnly ? [] : ["pagefind (news articles)"])];
const NEWS = "pagefind (news articles)";
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
const results = [];
let docs = "?";
try {
  docs = JSON.parse(fs.readFileSync(path.join(SITE, "search", "meta.json"))).docs ?? "?";
} catch {}
console.log(`\nsite: ${SITE}  (${docs} documents in akhbar's index)`);

// A row of the JSON output: the query and each setup's measurement.
const rows = [];
const slim = (r) => ({
  requests: r.requests, sent: r.sent, raw: r.raw, shown: r.shown, total: r.total,
  notFound: r.notFound, settled: r.settled, htmlSent: r.htmlSent, files: r.files,
});

if (!MANY) {
  for (const query of groups.get("queries")) {
    console.log(`\nquery «${query}»`);
    console.log("setup".padEnd(26) + "requests" + "   transferred (gzip)" + "   uncompressed" + "   results shown / found");
    const row = { group: "queries", query };
    for (const setup of SETUPS) {
      const r = await measure(setup, query, true);
      results.push(r);
      row[setup] = slim(r);
      console.log(setup.padEnd(26) + String(r.requests).padStart(8) + kb(r.sent).padStart(21) +
        kb(r.raw).padStart(15) + `   ${r.shown} / ${r.total}` + (r.notFound ? `  (${r.notFound} not found!)` : "") +
        (r.settled ? "" : "  (never quiet!)"));
    }
    rows.push(row);
    for (const r of results.filter((r) => r.query === query)) {
      console.log(`  ${r.setup}, KB gzip under ${r.setup === "akhbar" ? "/search/" : "its bundle"}: ${r.files.join(", ")}` +
        ` (+ the page's HTML, ${kb(r.htmlSent).trim()}, not counted)`);
    }
  }

  console.log(`\nArabic kaf «${ARABIC}» against Persian keheh «${PERSIAN}»:`);
  for (const setup of SETUPS) {
    const a = await measure(setup, ARABIC, true);
    const p = results.find((r) => r.setup === setup && r.query === PERSIAN) || (await measure(setup, PERSIAN, true));
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
}

// ------------------------------------------------------------------ many queries
const summaries = {};
if (MANY) {
  const LIMIT = opt.limitKb * 1024;
  const count = [...groups.values()].reduce((n, g) => n + g.length, 0);
  console.log(`${count} queries (${[...groups].map(([g, qs]) => `${qs.length} ${g}`).join(", ")});` +
    ` a fresh browser context for each run; KB are gzip bytes as sent; ratio = akhbar / Pagefind news-only`);
  const header = "akhbar KB  req  shown/found" + "   pf-news KB  req  shown/found" +
    (opt.skipAll ? "" : "   pf-all KB  req") + "   ratio  ≤½  ≤" + opt.limitKb + "  query";
  const shownFound = (r) => `${r.shown}/${r.total}`.padStart(11) + (r.notFound ? "!" : r.settled ? " " : "?");
  let done = 0;
  const started = Date.now();
  for (const [group, queries] of groups) {
    if (!queries.length) continue;
    console.log(`\n${group}\n${header}`);
    for (const query of queries) {
      const row = { group, query };
      for (const setup of SETUPS) row[setup] = slim(await measure(setup, query));
      const a = row.akhbar, n = row[NEWS] || { sent: 0, requests: 0, shown: 0, total: 0, settled: true, notFound: 0 };
      row.ratio = n.sent ? a.sent / n.sent : Infinity;
      row.half = a.sent * 2 <= n.sent;
      row.withinLimit = a.sent <= LIMIT;
      rows.push(row);
      done++;
      const k = (b) => (b / 1024).toFixed(1);
      console.log(k(a.sent).padStart(9) + String(a.requests).padStart(5) + shownFound(a) +
        k(n.sent).padStart(13) + String(n.requests).padStart(5) + shownFound(n) +
        (opt.skipAll ? "" : k(row["pagefind (every page)"].sent).padStart(12) + String(row["pagefind (every page)"].requests).padStart(5)) +
        row.ratio.toFixed(2).padStart(8) + (row.half ? "  yes" : "   no") + (row.withinLimit ? "  yes" : "   no") +
        `  ${query}` + (done % 10 === 0 ? `   [${done}/${count}, ${((Date.now() - started) / 1000).toFixed(0)} s]` : ""));
    }
  }
  console.log("(! a file under the counted folder was not found; ? the network never went quiet)");

  const median = (xs) => {
    const s = [...xs].sort((x, y) => x - y), m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const worst = (list, f) => list.reduce((w, r) => (f(r) > f(w) ? r : w));
  if (opt.akhbarOnly) rows.forEach((r) => (r[NEWS] = { sent: 0 }));
  for (const [group] of groups) {
    const list = rows.filter((r) => r.group === group);
    if (!list.length) continue;
    const bytes = (r) => r.akhbar.sent, ratio = (r) => r.ratio, pf = (r) => r[NEWS].sent;
    const wb = worst(list, bytes), wr = worst(list, ratio), wp = worst(list, pf);
    const half = list.filter((r) => r.half).length, within = list.filter((r) => r.withinLimit).length;
    const both = list.filter((r) => r.half && r.withinLimit).length;
    summaries[group] = {
      queries: list.length,
      akhbarMedian: median(list.map(bytes)), akhbarWorst: bytes(wb), akhbarWorstQuery: wb.query,
      ratioMedian: median(list.map(ratio)), ratioWorst: ratio(wr), ratioWorstQuery: wr.query,
      pagefindNewsMedian: median(list.map(pf)), pagefindNewsWorst: pf(wp), pagefindNewsWorstQuery: wp.query,
      atMostHalf: half, withinLimit: within, both, limitKb: opt.limitKb,
      unsettled: list.filter((r) => SETUPS.some((s) => r[s].settled === false)).length,
      notFound: list.filter((r) => SETUPS.some((s) => r[s].notFound)).length,
    };
    const s = summaries[group], k = (b) => (b / 1024).toFixed(1) + " KB";
    console.log(`\n${group} (${s.queries} queries):`);
    console.log(`  akhbar:                  median ${k(s.akhbarMedian)}, worst ${k(s.akhbarWorst)} («${s.akhbarWorstQuery}»)`);
    console.log(`  Pagefind (news only):    median ${k(s.pagefindNewsMedian)}, worst ${k(s.pagefindNewsWorst)} («${s.pagefindNewsWorstQuery}»)`);
    console.log(`  akhbar / Pagefind news:  median ${s.ratioMedian.toFixed(2)}, worst ${s.ratioWorst.toFixed(2)} («${s.ratioWorstQuery}»)`);
    console.log(`  at most half of Pagefind's: ${half} / ${s.queries};  at most ${opt.limitKb} KB: ${within} / ${s.queries};` +
      `  both: ${both} / ${s.queries}` + (s.unsettled ? `;  ${s.unsettled} never quiet!` : "") +
      (s.notFound ? `;  ${s.notFound} with files not found!` : ""));
  }
}

if (opt.json) {
  fs.writeFileSync(opt.json, JSON.stringify({
    site: SITE, documents: docs, setups: SETUPS, limitKb: opt.limitKb, skipPagefindAll: opt.skipAll,
    rows, summaries,
  }, null, 1) + "\n");
  console.log(`\nrows written to ${opt.json}`);
}

await browser.close();
server.close();
fs.rmSync(COPY, { recursive: true, force: true });
