#!/usr/bin/env node
// page-bytes.mjs: the bytes a phone downloads for pages of a built site, as Chromium reports
// them (each response's body as sent: gzip for text, pictures as they are).
//
// Setup, once, in a scratch folder (as for search-bytes.mjs):
//
//   mkdir -p /tmp/sb && cd /tmp/sb && npm init -y && npm install playwright-core
//   cd /tmp/sb && node /work/main/scripts/page-bytes.mjs SITE / /news/259050/
//
// Each page is opened in a fresh browser context (empty cache) as a phone: 375 × 812 CSS
// pixels at twice the density, touch. It reports what the page cost once loaded (its first
// screen: lazy pictures below it are not fetched yet) and once scrolled to its end (every
// picture fetched), in KB (1,000 bytes), with the pictures' share.

import { createRequire } from "node:module";
import path from "node:path";
import { serveSite } from "./lib/serve-site.mjs";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const { chromium } = require("playwright-core");

const [site, ...pages] = process.argv.slice(2);
if (!site || pages.length === 0) {
  console.error("usage: node page-bytes.mjs SITE PATH...");
  process.exit(2);
}
const { origin, close } = await serveSite(site);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" });

// The bytes of every response so far, and of its pictures, from the page's timing entries.
const COUNT = `(() => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  const picture = (e) => e.initiatorType === "img" || /\\.(jpe?g|png|webp|avif|gif)$/i.test(new URL(e.name).pathname);
  const sum = (list) => list.reduce((total, e) => total + e.encodedBodySize, 0);
  return { all: sum(entries), pictures: sum(entries.filter(picture)), requests: entries.length };
})()`;
const SCROLL = `(async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
})()`;

const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(8) + " KB";
for (const address of pages) {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(origin + address, { waitUntil: "networkidle" });
  const loaded = await page.evaluate(COUNT);
  await page.evaluate(SCROLL);
  await page.waitForLoadState("networkidle");
  const scrolled = await page.evaluate(COUNT);
  console.log(`${address}: loaded ${kb(loaded.all)} (pictures ${kb(loaded.pictures)}), ` +
    `scrolled to the end ${kb(scrolled.all)} (pictures ${kb(scrolled.pictures)}), ${scrolled.requests} requests`);
  await context.close();
}
await browser.close();
close();
