#!/usr/bin/env node
// search-speed.mjs: how long akhbar's search takes to answer a query in Chromium with the CPU
// slowed four times (DevTools' CPU throttling, as a mid-range phone), on a built site.
//
// Setup, once, in a scratch folder (as for search-bytes.mjs):
//
//   mkdir -p /tmp/sb && cd /tmp/sb && npm init -y && npm install playwright-core
//   cd /tmp/sb && node /work/main/scripts/search-speed.mjs SITE --queries /tmp/q10k.json
//
// QUERIES: the JSON of scripts/search-queries.mjs ({"words": [...], "pairs": [...]}) or one
// query a line. For each query, in a fresh browser context (empty cache), with the site served
// from 127.0.0.1 by Node (gzip as search-bytes.mjs does), the script times three things, all
// with the CPU slowed:
//
// - first: a reader who has the search page open types a query. The script opens /search/,
//   waits until the page has done what it does by itself (loaded, fetched meta.json and the
//   directory: no request for 500 ms), sets the field and submits the form; it times from the
//   submit to the first result (or «no results») in the list: the index files' downloads over
//   loopback, their decoding, the ranking and the first result shown.
// - again: the same query submitted again in the same page (files cached).
// - arriving: a reader who searched from another page's box arrives at /search/?q=QUERY; timed
//   from the start of that navigation (a fresh context) to the first result: the page itself,
//   the script, meta.json and the directory, then the query as above.
//
// Prints each query's times and, for each group, the median and the worst.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { serveSite } from "./lib/serve-site.mjs";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const at = args.indexOf("--queries");
const SITE = path.resolve(args[0] || "");
if (!args[0] || at < 0 || !fs.existsSync(path.join(SITE, "search", "index.html"))) {
  console.error("usage: node search-speed.mjs SITE --queries FILE [--rate 4]");
  process.exit(2);
}
const rateAt = args.indexOf("--rate");
const RATE = rateAt >= 0 ? Number(args[rateAt + 1]) : 4;
const text = fs.readFileSync(args[at + 1], "utf8");
let groups;
try {
  const json = JSON.parse(text);
  groups = Array.isArray(json) ? { queries: json } : { words: json.words || [], pairs: json.pairs || [] };
} catch {
  groups = { queries: text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")) };
}

const { origin, close } = await serveSite(SITE);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" });

// Milliseconds from submitting `query` to the first result or «no results» shown.
const ASK = `async (query) => {
  const form = document.getElementById("search-page"), list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  status.textContent = "";
  list.replaceChildren();
  form.elements.q.value = query;
  const started = performance.now();
  form.requestSubmit();
  await new Promise((resolve) => {
    const done = () => list.children.length > 0 || status.textContent === "نتیجه‌ای پیدا نشد";
    const check = () => (done() ? resolve() : requestAnimationFrame(check));
    check();
  });
  return performance.now() - started;
}`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// Milliseconds from the start of the navigation to `url` (with the CPU slowed from the start)
// to the first result or «no results» shown, in a fresh context.
async function arriving(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  await page.goto(url, { waitUntil: "commit" });
  const shown = await page.waitForFunction(() => {
    const list = document.getElementById("search-results"), status = document.getElementById("search-status");
    const done = list && status && (list.children.length > 0 || status.textContent === "نتیجه‌ای پیدا نشد");
    return done && (window.__shown ??= performance.now());
  }, null, { polling: "raf", timeout: 60000 });
  const ms = await shown.jsonValue();
  await context.close();
  return ms;
}

for (const [group, queries] of Object.entries(groups)) {
  const first = [], again = [], arrive = [];
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(origin + "/search/", { waitUntil: "networkidle" });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
    const a = await page.evaluate(`(${ASK})(${JSON.stringify(query)})`);
    const b = await page.evaluate(`(${ASK})(${JSON.stringify(query)})`);
    await context.close();
    const c = await arriving(origin + "/search/?q=" + encodeURIComponent(query));
    first.push(a);
    again.push(b);
    arrive.push(c);
    const t = (x) => x.toFixed(0).padStart(6) + " ms";
    console.log(`${t(a)} ${t(b)} ${t(c)}  ${query}`);
  }
  const f = (xs) => `median ${median(xs).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms`;
  console.log(`${group} (${queries.length}, CPU ${RATE}x slower): first query ${f(first)}; ` +
    `the same query again ${f(again)}; arriving with the query ${f(arrive)}`);
}
await browser.close();
close();
