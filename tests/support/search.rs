//! akhbar's search client run as a reader's browser runs it, in Node, on a built site: the
//! client script of the site's `search/` folder, with `fetch` reading that folder.

use std::path::Path;
use std::process::Command;

/// What one query found: the ranked documents' addresses, how many there are, and the bytes
/// of the index files the query read (as stored, before any compression by a host).
#[derive(Debug)]
pub struct Found {
    pub urls: Vec<String>,
    pub count: usize,
    pub bytes: u64,
}

const HARNESS: &str = r#"
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, queries] = [process.argv[1], JSON.parse(process.argv[2])];
let bytes = 0;
const context = vm.createContext({
  TextEncoder, TextDecoder, Blob, Response, DecompressionStream, Intl,
  fetch: async (url) => {
    const file = path.join(site, url);
    if (!url.startsWith("/search/") || !fs.existsSync(file)) return { ok: false, status: 404 };
    const b = fs.readFileSync(file);
    bytes += b.length;
    return { ok: true, status: 200, json: async () => JSON.parse(b),
      arrayBuffer: async () => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) };
  },
});
try { vm.runInContext(fs.readFileSync(path.join(site, "search/search.js"), "utf8"), context); }
catch (e) { if (!/document/.test(String(e))) throw e; }
const search = vm.runInContext("akhbarSearch", context);
(async () => {
  const out = [];
  for (const [query, filter] of queries) {
    bytes = 0;
    const found = await search.find(query, filter);
    const urls = found ? (await search.results(found.hits)).map((r) => r[0]) : [];
    out.push({ urls, count: found ? found.hits.length : 0, bytes });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"#;

/// Runs each `(query, filter)` on the site built in `public`; `filter` is the client's
/// `{category, year, month, newest}` object.
pub fn search_all(public: &Path, queries: &[(&str, serde_json::Value)]) -> Vec<Found> {
    let output = Command::new("node")
        .arg("-e")
        .arg(HARNESS)
        .arg(public)
        .arg(serde_json::to_string(queries).unwrap())
        .output()
        .expect("node runs (it comes with every machine akhbar is built on)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    found
        .into_iter()
        .map(|one| Found {
            urls: serde_json::from_value(one["urls"].clone()).unwrap(),
            count: one["count"].as_u64().unwrap() as usize,
            bytes: one["bytes"].as_u64().unwrap(),
        })
        .collect()
}

/// The ranked addresses `query` finds on the site built in `public`, with no filter.
pub fn search(public: &Path, query: &str) -> Vec<String> {
    search_all(public, &[(query, serde_json::json!({}))])
        .remove(0)
        .urls
}
