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
// from 127.0.0.1 by Node (gzip as search-bytes.mjs does), the script opens /search/ and, once
// the page has loaded, sets the field and submits the form; it times from the submit to the
// first result (or «no results») in the list: the index files' downloads over loopback, their
// decoding and the ranking, all under 4x throttling. Then it submits the same query again in
// the same page (files cached) and times that too. Prints each query's times and, for each
// group, the median and the worst.

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
for (const [group, queries] of Object.entries(groups)) {
  const first = [], again = [];
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(origin + "/search/", { waitUntil: "load" });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
    const a = await page.evaluate(`(${ASK})(${JSON.stringify(query)})`);
    const b = await page.evaluate(`(${ASK})(${JSON.stringify(query)})`);
    first.push(a);
    again.push(b);
    console.log(`${a.toFixed(0).padStart(6)} ms ${b.toFixed(0).padStart(6)} ms  ${query}`);
    await context.close();
  }
  const f = (x) => x.toFixed(0) + " ms";
  console.log(`${group} (${queries.length}, CPU ${RATE}x slower): first query median ${f(median(first))}, worst ${f(Math.max(...first))}; ` +
    `the same query again median ${f(median(again))}, worst ${f(Math.max(...again))}`);
}
await browser.close();
close();
