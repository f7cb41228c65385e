// serve-site.mjs: a built site served from 127.0.0.1 as a static host would (gzip for text when
// the browser asks for it), for the scripts that measure it in Chromium.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json",
  ".css": "text/css", ".svg": "image/svg+xml", ".xml": "application/xml", ".woff2": "font/woff2",
  ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
  ".gif": "image/gif", ".avif": "image/avif",
};
const COMPRESSED = new Set([".woff2", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".bin"]);

/** Serves the folder `site`; resolves to `{origin, close}`. */
export async function serveSite(site) {
  const root = path.resolve(site);
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    if (file.endsWith(path.sep) || file.endsWith("/")) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) return res.writeHead(404).end();
      const ext = path.extname(file).toLowerCase();
      const type = TYPES[ext] || "application/octet-stream";
      const wanted = /gzip/.test(req.headers["accept-encoding"] || "") && !COMPRESSED.has(ext);
      const gz = wanted ? zlib.gzipSync(body, { level: 6 }) : null;
      if (gz && gz.length < body.length) res.writeHead(200, { "content-type": type, "content-encoding": "gzip" }).end(gz);
      else res.writeHead(200, { "content-type": type }).end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
