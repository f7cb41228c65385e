// The index (docs/search.md): meta.json names the directory, which lists the dictionary's
// blocks by their first key (both are fetched before any query: a query reads its terms'
// blocks at once); a block holds its terms (words, and word pairs "a b") with the numbers of
// the documents that have them, or the name of their own file; r/N.json is what a result
// shows of document N. Numbers grow with the items' dates.
const akhbarIndex = (() => {
  "use strict";
  const ROOT = "/search/", VERSION = 4;
  const encoder = new TextEncoder(), decoder = new TextDecoder();

  // Every file is fetched once; a failed fetch is forgotten, to be tried again.
  const files = new Map();
  const once = (path, read) => {
    if (!files.has(path)) {
      const p = fetch(ROOT + path).then((r) => {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return read(r);
      });
      p.catch(() => files.delete(path));
      files.set(path, p);
    }
    return files.get(path);
  };
  const json = (path) => once(path, (r) => r.json());
  // The bytes of a .bin file: gzip, unless the host already took it off.
  const bytes = (path) =>
    once(path, async (r) => {
      const raw = new Uint8Array(await r.arrayBuffer());
      if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
      const stream = new Response(raw).body.pipeThrough(new DecompressionStream("gzip"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    });

  // Reads LEB128 varints, gap lists and shared-prefix keys (src/output/search/encode.rs).
  class Reader {
    constructor(b) { this.b = b; this.i = 0; }
    more() { return this.i < this.b.length; }
    int() {
      let v = 0, shift = 0, x;
      do {
        x = this.b[this.i++];
        v += (x & 0x7f) * 2 ** shift;
        shift += 7;
      } while (x & 0x80);
      return v;
    }
    // Steps over `n` varints.
    skip(n) {
      for (let k = 0; k < n; k++) while (this.b[this.i++] & 0x80);
    }
    gaps(n) {
      const out = new Uint32Array(n);
      for (let k = 0, d = 0; k < n; k++) out[k] = d += this.int();
      return out;
    }
    key(previous) {
      const shared = this.int(), length = this.int();
      const key = new Uint8Array(shared + length);
      key.set(previous.subarray(0, shared));
      key.set(this.b.subarray(this.i, this.i + length), shared);
      this.i += length;
      return key;
    }
  }

  const compare = (a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  };
  const startsWith = (a, prefix) => a.length >= prefix.length && compare(a.subarray(0, prefix.length), prefix) === 0;
  // The last of the sorted `keys` not after `key` (the first when all are after it).
  const floor = (keys, key) => {
    let lo = 0, hi = keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compare(keys[mid], key) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // FNV-1a, 64 bits, as 16 hex digits: the name of the file a key starts or holds. The hash
  // is kept as two 32-bit halves (numbers, not BigInt, which a slow phone pays for): times
  // the prime 2^40 + 0x1b3 is times 0x1b3, plus the low half shifted into the high one.
  const name = (key) => {
    let hi = 0xcbf29ce4, lo = 0x84222325;
    for (const x of key) {
      const low = (lo ^ x) >>> 0, product = low * 0x1b3;
      lo = product >>> 0;
      hi = (hi * 0x1b3 + Math.floor(product / 4294967296) + ((low << 8) >>> 0)) >>> 0;
    }
    return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
  };

  // The blocks' first keys, in order, read once (`m.blocks`) and asked for with meta.json.
  const directory = (m) =>
    bytes("d/" + m.directory + ".bin").then((b) => {
      const r = new Reader(b), n = r.int(), keys = [];
      for (let k = 0, previous = new Uint8Array(); k < n; k++) keys.push((previous = r.key(previous)));
      return keys;
    });
  const meta = () =>
    json("meta.json").then((m) => {
      if (m.version !== VERSION) throw new Error("search index version " + m.version);
      if (!m.blocks) {
        m.blocks = directory(m);
        m.blocks.catch(() => (m.blocks = null));
      }
      return m;
    });
  // A block's bytes; `walk` gives `each` its entries in key order until `each` returns true:
  // each key with its counts, whether its postings are in their own file, and where in the
  // bytes its lists are (read only when a query asks for them).
  const block = (first) => bytes("b/" + name(first) + ".bin");
  const walk = (b, each) => {
    const r = new Reader(b), n = r.int();
    for (let k = 0, previous = new Uint8Array(); k < n; k++) {
      const key = (previous = r.key(previous)), df = r.int(), tf = r.int(), own = r.int() === 1;
      if (each({ key, df, tf, own, bytes: b, at: r.i })) return;
      if (!own) r.skip(df + tf);
    }
  };
  const EMPTY = { docs: new Uint32Array(), title: new Uint32Array(), df: 0 };
  // The postings of an entry: in its block, or in its own file.
  const postings = (entry) => {
    if (entry.own) {
      return bytes("p/" + name(entry.key) + ".bin").then((b) => {
        const r = new Reader(b), df = r.int(), tf = r.int();
        return { docs: r.gaps(df), title: r.gaps(tf), df };
      });
    }
    const r = new Reader(entry.bytes);
    r.i = entry.at;
    return Promise.resolve({ docs: r.gaps(entry.df), title: r.gaps(entry.tf), df: entry.df });
  };

  // The blocks' first keys, and the index of the block `key` is in.
  async function locate(key) {
    const keys = await (await meta()).blocks;
    if (!keys.length) return null;
    return { keys, at: floor(keys, key) };
  }

  // The postings of `term` (a word, or "first second"); EMPTY when no document has it.
  async function term(text) {
    const key = encoder.encode(text), place = await locate(key);
    if (!place) return EMPTY;
    let entry = null;
    walk(await block(place.keys[place.at]), (e) => {
      const order = compare(e.key, key);
      if (order === 0) entry = e;
      return order >= 0;
    });
    return entry ? postings(entry) : EMPTY;
  }

  // The words (not pairs) that start with `text`, most documents first, at most `most`,
  // from the block the prefix is in and the next one; each as [word, postings].
  async function completions(text, most) {
    const key = encoder.encode(text), place = await locate(key);
    if (!place) return [];
    const found = [];
    for (let at = place.at; at < Math.min(place.at + 2, place.keys.length); at++) {
      let past = false;
      walk(await block(place.keys[at]), (e) => {
        const starts = startsWith(e.key, key);
        if (starts && !e.key.includes(0x20)) found.push(e);
        return (past = !starts && compare(e.key, key) > 0);
      });
      if (past) break;
    }
    found.sort((a, b) => b.df - a.df);
    return Promise.all(found.slice(0, most).map(async (e) => [decoder.decode(e.key), await postings(e)]));
  }

  const category = (file) =>
    bytes("c/" + file + ".bin").then((b) => {
      const r = new Reader(b), out = [];
      while (r.more()) out.push(out.length ? out[out.length - 1] + r.int() : r.int());
      return Uint32Array.from(out);
    });
  // What a result shows of document n: [url, title, date, category, text], from the file of
  // `results` documents it is in.
  const result = (n) =>
    meta().then((m) => json("r/" + Math.floor(n / m.results) + ".json").then((list) => list[n % m.results]));
  return { meta, term, completions, category, result };
})();
