const NORMALIZE = __NORMALIZE__;
const AFFIXES = __AFFIXES__;
// The matching rule of akhbar's persian::normalize::for_matching, which the index was made
// with: NORMALIZE folds each character (separators to a space, marks to nothing), the hamza
// seats are decided by the letters around them, and AFFIXES are joined to their stems. The
// Rust test `the_client_matches_as_the_index_does` runs this in Node against the Rust rule.
const akhbarMatching = (() => {
  "use strict";
  const own = (o, k) => o != null && Object.prototype.hasOwnProperty.call(o, k);
  const SEP = /[^\p{Alphabetic}\p{N}]+/u, LETTER = /\p{Alphabetic}/u, SPACE = /\s/u;
  const PREFIXES = new Set(AFFIXES.prefixes), SUFFIXES = new Set(AFFIXES.suffixes);
  // Arabic presentation forms (from PDFs) are first decomposed, as the Rust side does.
  const PRESENTATION = /[\uFB50-\uFDFF\uFE70-\uFEFE]/u;
  const fold1 = (c) => (own(NORMALIZE, c) ? NORMALIZE[c] : c.toLowerCase());
  const fold = (c) => (PRESENTATION.test(c) ? Array.from(c.normalize("NFKD"), fold1).join("") : fold1(c));
  const decomposed = (text) => Array.from(text, (c) => (PRESENTATION.test(c) ? c.normalize("NFKD") : c)).join("");

  // The space after a prefix and before a suffix goes, when a letter is on its other side.
  function joinAffixes(text) {
    let out = "", previous = null;
    for (const word of text.split(" ")) {
      if (previous !== null) {
        const glued = (PREFIXES.has(previous) && LETTER.test([...word][0] || "")) ||
          (SUFFIXES.has(word) && LETTER.test([...out].pop() || ""));
        if (!glued) out += " ";
      }
      out += word;
      previous = word;
    }
    return out;
  }

  // `text` in the matching form: what for_matching gives.
  function matching(text) {
    let out = "", space = false, hamzaWaw = -1;
    for (const c of decomposed(text)) {
      if (SPACE.test(c) || NORMALIZE[c] === " ") {
        space = out !== "";
        hamzaWaw = -1;
        continue;
      }
      const after = hamzaWaw;
      hamzaWaw = -1;
      let f;
      if (c === "\u0624" && !space) {
        hamzaWaw = out.length;
        f = "\u0648";
      } else if (c === "\u0648") {
        if (after >= 0) out = out.slice(0, after) + "\u06CC" + out.slice(after + 1);
        f = c;
      } else if (c === "\u0623" && !space && out.endsWith("\u06CC")) {
        f = "\u06CC";
      } else {
        f = fold1(c);
      }
      if (f === "") {
        hamzaWaw = after;
        continue;
      }
      if (f === "\u0621" && !space && out.endsWith("\u0627")) continue;
      if (space) (out += " "), (space = false);
      out += f;
    }
    return out.includes(" ") ? joinAffixes(out) : out;
  }

  // The searched words of a text: runs of letters and digits, two characters or more.
  const words = (text) => matching(text).split(SEP).filter((w) => [...w].length > 1);
  // The runs of adjacent words (of any length) of a text: words apart only by separators are
  // in one run; any other character ends it. The index's word pairs are made the same way.
  const runs = (text) =>
    matching(text).split(/[^\p{Alphabetic}\p{N} ]+/u).map((r) => r.split(" ").filter(Boolean)).filter((r) => r.length);
  return { own, fold, matching, words, runs };
})();

// The index (docs/search.md): meta.json lists the dictionary's directories by their first
// key; a directory lists its blocks; a block holds its terms (words, and word pairs "a b")
// with the numbers of the documents that have them, or the name of their own file; r/N.json
// is what a result shows of document N. Numbers grow with the items' dates.
const akhbarIndex = (() => {
  "use strict";
  const ROOT = "/search/", VERSION = 2;
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
      const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
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
  // FNV-1a, 64 bits, as 16 hex digits: the name of the file a key starts or holds.
  const name = (key) => {
    let h = 0xcbf29ce484222325n;
    for (const x of key) h = ((h ^ BigInt(x)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return h.toString(16).padStart(16, "0");
  };

  const meta = () =>
    json("meta.json").then((m) => {
      if (m.version !== VERSION) throw new Error("search index version " + m.version);
      if (!m.dirKeys) m.dirKeys = m.dirs.map((k) => encoder.encode(k));
      return m;
    });
  const directory = (key) =>
    bytes("d/" + name(key) + ".bin").then((b) => {
      const r = new Reader(b), n = r.int(), keys = [];
      for (let k = 0, previous = new Uint8Array(); k < n; k++) keys.push((previous = r.key(previous)));
      return keys;
    });
  const block = (key) =>
    bytes("b/" + name(key) + ".bin").then((b) => {
      const r = new Reader(b), n = r.int(), entries = [];
      for (let k = 0, previous = new Uint8Array(); k < n; k++) {
        const key = (previous = r.key(previous)), df = r.int(), tf = r.int(), own = r.int() === 1;
        const entry = { key, df, tf, own };
        if (!own) (entry.docs = r.gaps(df)), (entry.title = r.gaps(tf));
        entries.push(entry);
      }
      return entries;
    });
  const EMPTY = { docs: new Uint32Array(), title: new Uint32Array(), df: 0 };
  // The postings of an entry: in its block, or in its own file.
  const postings = (entry) =>
    !entry.own
      ? Promise.resolve(entry)
      : bytes("p/" + name(entry.key) + ".bin").then((b) => {
          const r = new Reader(b), df = r.int(), tf = r.int();
          return { docs: r.gaps(df), title: r.gaps(tf), df };
        });

  // The blocks' keys of the directory `key` is in, and the index of the block it is in.
  async function locate(key) {
    const m = await meta();
    if (!m.dirKeys.length) return null;
    const keys = await directory(m.dirKeys[floor(m.dirKeys, key)]);
    return { keys, at: floor(keys, key) };
  }

  // The postings of `term` (a word, or "first second"); EMPTY when no document has it.
  async function term(text) {
    const key = encoder.encode(text), place = await locate(key);
    if (!place) return EMPTY;
    const entry = (await block(place.keys[place.at])).find((e) => compare(e.key, key) === 0);
    return entry ? postings(entry) : EMPTY;
  }

  // The words (not pairs) that start with `text`, most documents first, at most `most`,
  // from the block the prefix is in and the next one; each as [word, postings].
  async function completions(text, most) {
    const key = encoder.encode(text), place = await locate(key);
    if (!place) return [];
    const found = [];
    for (let at = place.at; at < Math.min(place.at + 2, place.keys.length); at++) {
      const entries = await block(place.keys[at]);
      for (const e of entries) if (startsWith(e.key, key) && !e.key.includes(0x20)) found.push(e);
      if (!startsWith(entries[entries.length - 1].key, key)) break;
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

// The query side (docs/search.md#ranking): a query's parts, its documents ranked, and what
// the results show. Node runs it in the Rust tests, with `fetch` reading a built site.
const akhbarSearch = (() => {
  "use strict";
  const COMPLETIONS = 8;
  const { runs } = akhbarMatching;
  const index = akhbarIndex;

  // A query's parts: phrases in "…" or «…» must all be there; words after a minus must not;
  // the other words are looked for, most of them first. `open` is whether the last word may
  // still be growing (no space typed after it).
  function parse(query) {
    const q = { phrases: [], minus: [], bare: [], open: !/\s$/u.test(query) };
    const re = /([-\u2212]?)(?:"([^"]*)"?|«([^»]*)»?|([^\s"«]+))/gu;
    let m, bare = "", lastBare = false;
    while ((m = re.exec(query))) {
      const quoted = m[2] ?? m[3], text = quoted ?? m[4], part = runs(text);
      if (!part.length) continue;
      lastBare = !m[1] && quoted === undefined;
      if (m[1]) q.minus.push(part);
      else if (quoted !== undefined) q.phrases.push(part);
      else bare += " " + text;
    }
    q.bare = runs(bare);
    q.open = q.open && lastBare;
    return q;
  }
  // The looked-up terms of runs of words: each word of two letters or more, each adjacent pair.
  const termsOf = (part) => {
    const out = new Set();
    for (const run of part) {
      run.forEach((w, i) => {
        if ([...w].length > 1) out.add(w);
        if (i) out.add(run[i - 1] + " " + w);
      });
    }
    return [...out];
  };
  const intersect = (lists) => {
    if (!lists.length) return null;
    lists.sort((a, b) => a.length - b.length);
    const sets = lists.slice(1).map((l) => new Set(l));
    return lists[0].filter((d) => sets.every((s) => s.has(d)));
  };

  // The documents for `query`, ranked (docs/search.md): most query words first, then most of
  // them in the title, then most adjacent as in the query, then newest; `filter` is
  // {category, year, month, newest}. Null when the query has nothing to search.
  async function find(query, filter = {}) {
    const q = parse(query);
    const bareWords = [...new Set(q.bare.flat().filter((w) => [...w].length > 1))];
    const phraseTerms = q.phrases.map(termsOf).filter((t) => t.length);
    if (!bareWords.length && !phraseTerms.length) return null;
    const m = await index.meta();
    // The last word, while it may grow, also stands for the words it begins when it is no word itself.
    const lastWord = q.open ? bareWords[bareWords.length - 1] : null;
    const word = async (w) => {
      const p = await index.term(w);
      if (w !== lastWord || p.df) return [p];
      return (await index.completions(w, COMPLETIONS)).map(([, c]) => c);
    };
    const pairs = [];
    for (const run of q.bare) run.forEach((w, i) => i && pairs.push(run[i - 1] + " " + w));
    const [found, phraseLists, pairLists, minusLists, categoryDocs] = await Promise.all([
      Promise.all(bareWords.map(word)),
      Promise.all(phraseTerms.map((t) => Promise.all(t.map((x) => index.term(x))))),
      Promise.all(pairs.map((p) => index.term(p))),
      Promise.all(q.minus.map(termsOf).map((t) => Promise.all(t.map((x) => index.term(x))))),
      filter.category ? categoryFile(m, filter.category) : null,
    ]);
    const n = m.docs;
    const has = new Uint8Array(n), inTitle = new Uint8Array(n), near = new Uint8Array(n);
    for (const lists of found) {
      const seen = new Uint8Array(n), titled = new Uint8Array(n);
      for (const p of lists) {
        p.docs.forEach((d) => (seen[d] = 1));
        p.title.forEach((d) => (titled[d] = 1));
      }
      for (let d = 0; d < n; d++) (has[d] += seen[d]), (inTitle[d] += titled[d]);
    }
    for (const p of pairLists) p.docs.forEach((d) => near[d]++);
    // Phrases: every word and pair of each phrase.
    let required = null;
    if (phraseLists.length) required = intersect(phraseLists.flat().map((p) => Array.from(p.docs)));
    const excluded = new Uint8Array(n);
    for (const lists of minusLists) (intersect(lists.map((p) => Array.from(p.docs))) || []).forEach((d) => (excluded[d] = 1));
    const [lo, hi] = range(m, filter.year, filter.month);
    const inCategory = categoryDocs && new Set(categoryDocs);
    const keep = (d) => d >= lo && d < hi && !excluded[d] && (!inCategory || inCategory.has(d));
    const candidates = required ?? Array.from({ length: n }, (_, d) => d).filter((d) => has[d]);
    // One sortable number for each: the tiers in its high bits, the document in its low 26.
    const keys = new Float64Array(candidates.filter(keep).map((d) => {
      const tiers = filter.newest ? has[d] * 65536 : (has[d] * 256 + inTitle[d]) * 256 + near[d];
      return tiers * 67108864 + d;
    }));
    keys.sort().reverse();
    const hits = Array.from(keys, (k) => k % 67108864);
    const all = new Set([...bareWords, ...phraseTerms.flat().filter((t) => !t.includes(" "))]);
    const match = (w) => all.has(w) || (lastWord !== null && w.startsWith(lastWord));
    return { hits, match };
  }

  const categoryFile = (m, name) => {
    const c = m.categories.find((c) => c[0] === name);
    return c ? index.category(c[1]) : Promise.resolve(new Uint32Array());
  };
  // The documents of a Jalali year (and month): a run of numbers, from meta.json's months.
  function range(m, year, month) {
    if (!year) return [0, Infinity];
    const y = Number(year), mo = Number(month) || 0;
    const inside = (e) => e[0] === y && (!mo || e[1] === mo);
    const first = m.months.findIndex(inside);
    if (first < 0) return [0, 0];
    let next = first;
    while (next < m.months.length && inside(m.months[next])) next++;
    return [m.months[first][2], next < m.months.length ? m.months[next][2] : Infinity];
  }

  // What results show of the documents `ids`: [url, title, date, category, text] each.
  const results = (ids) => Promise.all(ids.map(index.result)).then((l) => l.filter(Array.isArray));

  return { parse, find, results, meta: index.meta };
})();

// akhbar's search (docs/search.md): the header box suggests as one types, /search/ lists,
// filters and highlights. No framework; it fetches only this site's /search/ files.
(() => {
  "use strict";
  const ROOT = "/search/", PAGE = 10, SUGGEST = 6;
  const UNAVAILABLE = "جستجو در دسترس نیست", NOTHING = "نتیجه‌ای پیدا نشد";
  const WORDY = /[\p{Alphabetic}\p{N}]/u;
  const { fold, matching } = akhbarMatching;
  const { find, results } = akhbarSearch;
  const fa = (x) => String(x).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);
  const number = new Intl.NumberFormat("fa-IR");
  const count = (n) => (n ? number.format(n) + " نتیجه" : NOTHING);
  // The Jalali months' names, from akhbar's calendar.
  const MONTHS = __MONTHS__;

  const safeUrl = (u) => (typeof u === "string" && /^\/(?!\/)/.test(u) ? u : "/");
  const make = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  };
  // «date، category» (the comma for screen readers; the style sets them apart).
  const dateLine = (tag, cls, date, category) => {
    const e = make(tag, cls);
    e.append(make("span", cls + "-date", date));
    if (category) e.append(make("span", "visually-hidden", "، "), make("span", cls + "-category", category));
    return e;
  };

  // The words of `text` as [start, end, folded], with offsets into `text`; characters that fold
  // to nothing (harakat, tatweel) stay inside their word, and an affix and its stem apart only
  // by separators (space, ZWNJ) are one word, as the index has them.
  function spans(text) {
    const runs = [];
    let start = -1, i = 0;
    for (const c of text) {
      const f = fold(c);
      if (f === "" ? start >= 0 : WORDY.test(f)) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        runs.push([start, i]);
        start = -1;
      }
      i += c.length;
    }
    if (start >= 0) runs.push([start, i]);
    const out = [];
    for (const [s, e] of runs) {
      const last = out[out.length - 1];
      const joined = last && matching(text.slice(last[1], s)) === "" && matching(text.slice(last[0], e));
      if (joined && !joined.includes(" ")) (last[1] = e), (last[2] = joined);
      else out.push([s, e, matching(text.slice(s, e))]);
    }
    return out;
  }

  // Appends to `el` about `size` characters of `text` around its first match, cut between
  // words, with the matching words in <mark>; tells whether any word matched.
  function snippet(el, text, match, size = 220) {
    const all = spans(text), hits = all.filter((s) => match(s[2]));
    let from = 0, to = text.length;
    if (to > size) {
      from = hits.length ? Math.max(0, hits[0][0] - 60) : 0;
      to = Math.min(to, from + size);
      const a = all.find((s) => s[0] >= from), b = all.filter((s) => s[1] <= to).pop();
      if (from > 0 && a) from = a[0];
      if (to < text.length && b && b[1] > from) to = b[1];
    }
    let at = from;
    if (from > 0) el.append("… ");
    for (const [s, e] of hits) {
      if (s < from || e > to) continue;
      el.append(text.slice(at, s), make("mark", "", text.slice(s, e)));
      at = e;
    }
    el.append(text.slice(at, to).trimEnd() + (to < text.length ? " …" : ""));
    return hits.length > 0;
  }

  // The text of a page's `[data-search-text]` element (or its <main>), fetched once: the index
  // keeps only the start of each item, so a match deeper in it is shown from the page itself.
  const pageTexts = new Map();
  function pageText(url) {
    if (!pageTexts.has(url)) {
      const text = fetch(url)
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.status))))
        .then((html) => {
          const d = new DOMParser().parseFromString(html, "text/html");
          const el = d.querySelector("[data-search-text]") || d.querySelector("main") || d.body;
          return el.textContent.replace(/\s+/g, " ").trim();
        })
        .catch(() => (pageTexts.delete(url), ""));
      pageTexts.set(url, text);
    }
    return pageTexts.get(url);
  }

  // Replaces the snippet in `el` with one from the page at `url`, if the match is there.
  async function deepen(el, url, match, current) {
    const text = await pageText(url), better = make("p");
    if (text && current() && snippet(better, text, match)) el.replaceChildren(...better.childNodes);
  }

  // ------------------------------------------------------------ a box's suggestions
  let boxes = 0;
  function suggest(form) {
    const input = form.querySelector('input[name="q"]');
    if (!input) return;
    const id = "search-suggest-" + ++boxes;
    const box = make("div", "search-suggest"), list = make("ul", "search-suggest-list");
    const note = make("p", "search-suggest-note"), all = make("a", "search-suggest-all");
    const live = make("p", "visually-hidden");
    box.hidden = note.hidden = all.hidden = true;
    all.href = ROOT;
    list.id = id;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "نتایج جستجو");
    live.setAttribute("role", "status");
    box.append(list, note, all);
    form.append(box, live);
    const aria = { role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": id };
    for (const k in aria) input.setAttribute(k, aria[k]);

    let active = -1, timer = 0, seq = 0;
    const options = () => list.querySelectorAll('[role="option"]');
    const select = (i) => {
      active = i;
      options().forEach((o, j) => {
        o.setAttribute("aria-selected", String(j === i));
        if (j === i) o.scrollIntoView({ block: "nearest" });
      });
      if (i >= 0) input.setAttribute("aria-activedescendant", id + "-" + i);
      else input.removeAttribute("aria-activedescendant");
    };
    const open = (on) => {
      box.hidden = !on;
      input.setAttribute("aria-expanded", String(on));
      if (!on) select(-1);
    };

    async function run() {
      const q = input.value, n = ++seq;
      let res, shown;
      try {
        res = await find(q);
        if (res) shown = await results(res.hits.slice(0, SUGGEST));
      } catch {
        res = undefined;
      }
      if (n !== seq) return;
      list.replaceChildren();
      select(-1);
      live.textContent = res ? count(res.hits.length) : res === null ? "" : UNAVAILABLE;
      if (res === null) return open(false);
      const found = res && res.hits.length;
      note.textContent = found ? "" : live.textContent;
      note.hidden = !!found;
      all.hidden = !found;
      if (found) {
        all.href = ROOT + "?q=" + encodeURIComponent(q.trim());
        all.replaceChildren("همه نتایج ", make("span", "search-suggest-count", "(" + number.format(found) + ")"));
        shown.forEach(([url, title, date, category], i) => {
          const o = make("li", "search-suggest-option");
          o.id = id + "-" + i;
          o.setAttribute("role", "option");
          o.setAttribute("aria-selected", "false");
          o.dataset.url = safeUrl(url);
          o.append(make("span", "search-suggest-title", title), dateLine("span", "search-suggest-meta", date, category));
          list.append(o);
        });
      }
      open(document.activeElement === input);
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    input.addEventListener("focus", () => {
      if (list.children.length || !note.hidden) open(true);
    });
    input.addEventListener("keydown", (e) => {
      const n = options().length;
      if ((e.key === "ArrowDown" || e.key === "ArrowUp") && n) {
        e.preventDefault();
        open(true);
        const step = e.key === "ArrowDown" ? 1 : -1;
        select(active < 0 && step < 0 ? n - 1 : (active + step + n) % n);
      } else if (e.key === "Enter" && !box.hidden && active >= 0) {
        e.preventDefault();
        location.href = options()[active].dataset.url;
      } else if (e.key === "Escape" && !box.hidden) {
        e.preventDefault();
        open(false);
      }
    });
    // The focus stays in the box while a suggestion is clicked or tapped.
    box.addEventListener("mousedown", (e) => e.preventDefault());
    list.addEventListener("click", (e) => {
      const o = e.target.closest('[role="option"]');
      if (o) location.href = o.dataset.url;
    });
    form.addEventListener("focusout", (e) => {
      if (!form.contains(e.relatedTarget)) open(false);
    });
  }

  // ------------------------------------------------------------ the search page
  const FILTERS = ["category", "year", "month", "order"];
  function page(form) {
    const input = form.elements.q;
    // A theme may leave any filter out.
    const [category, year, month, order] = FILTERS.map((k) => form.elements[k] || make("select"));
    const $ = (id) => document.getElementById(id);
    const status = $("search-status"), list = $("search-results"), more = $("search-more");
    const params = new URLSearchParams(location.search);
    const wanted = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
    let seq = 0, timer = 0, res = null, shown = 0, meta = null;
    // What a reader typed before the script ran is kept unless the address has a query.
    if (params.has("q")) input.value = params.get("q");

    // The months of the chosen year, as choices.
    const fillMonths = () => {
      month.replaceChildren(month.options[0] || new Option("همه ماه‌ها", ""));
      for (const [y, mo] of meta.months) if (String(y) === year.value) month.append(new Option(MONTHS[mo - 1], String(mo)));
      month.disabled = !year.value;
    };
    // The filters' choices come with meta.json, loaded at the first query.
    const fill = (m) => {
      if (meta) return;
      meta = m;
      m.categories.forEach(([c]) => category.append(new Option(c, c)));
      [...new Set(m.months.map((e) => e[0]))].reverse().forEach((y) => year.append(new Option(fa(y), String(y))));
      category.value = wanted.category;
      year.value = wanted.year;
      fillMonths();
      month.value = wanted.month;
      order.value = wanted.order;
      const filters = form.querySelector(".search-filters");
      if (filters) filters.hidden = false;
    };

    // Shows the next PAGE results (after clearing the list when `fresh`); returns the first.
    async function show(n, fresh) {
      const ids = res.hits.slice(shown, shown + PAGE);
      let found;
      try {
        found = await results(ids);
      } catch {
        if (n === seq) status.textContent = UNAVAILABLE;
        return null;
      }
      if (n !== seq) return null;
      if (fresh) list.replaceChildren();
      const first = list.children.length;
      for (const [url, title, date, cat, text] of found) {
        const li = make("li", "search-result"), h = make("h2", "search-result-title");
        const a = make("a", "", title), sn = make("p", "search-result-snippet");
        a.href = safeUrl(url);
        h.append(a);
        if (!snippet(sn, String(text || ""), res.match)) deepen(sn, a.getAttribute("href"), res.match, () => n === seq);
        li.append(h, dateLine("p", "search-result-meta", date, cat), sn);
        list.append(li);
      }
      shown += ids.length;
      more.hidden = shown >= res.hits.length;
      return list.children[first];
    }

    async function run() {
      const n = ++seq, q = input.value;
      if (meta) [category, year, month, order].forEach((f, i) => (wanted[FILTERS[i]] = f.value));
      const p = new URLSearchParams();
      for (const [k, v] of [["q", q.trim()], ...FILTERS.map((k) => [k, wanted[k]])]) if (v) p.set(k, v);
      history.replaceState(history.state, "", location.pathname + (p.toString() ? "?" + p : ""));
      let found = null;
      try {
        fill(await akhbarSearch.meta());
        const filter = { ...wanted, newest: wanted.order === "newest" };
        found = await find(q, filter);
      } catch {
        found = undefined;
      }
      if (n !== seq) return;
      res = found;
      shown = 0;
      more.hidden = true;
      status.textContent = res ? count(res.hits.length) : res === null ? "" : UNAVAILABLE;
      if (res && res.hits.length) await show(n, true);
      else list.replaceChildren();
    }

    form.addEventListener("submit", (e) => {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    year.addEventListener("change", () => {
      fillMonths();
      run();
    });
    for (const select of [category, month, order]) select.addEventListener("change", run);
    more.addEventListener("click", async () => {
      const first = await show(seq, false);
      if (first) first.querySelector("a").focus();
    });
    run();
  }

  const pageForm = document.getElementById("search-page");
  if (pageForm) page(pageForm);
  document.querySelectorAll('form[role="search"]').forEach((f) => f !== pageForm && suggest(f));
})();
