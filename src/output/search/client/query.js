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
    const m = await meta();
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
    // Plain loops over typed arrays: a first query runs before the engine has compiled them.
    const mark = (into, docs) => {
      for (let i = 0; i < docs.length; i++) into[docs[i]] = 1;
    };
    const add = (into, docs) => {
      for (let i = 0; i < docs.length; i++) into[docs[i]]++;
    };
    for (const lists of found) {
      // A word's own list has each document once; a prefix's completions may share some.
      if (lists.length === 1) {
        add(has, lists[0].docs), add(inTitle, lists[0].title);
        continue;
      }
      const seen = new Uint8Array(n), titled = new Uint8Array(n);
      for (const p of lists) mark(seen, p.docs), mark(titled, p.title);
      for (let d = 0; d < n; d++) (has[d] += seen[d]), (inTitle[d] += titled[d]);
    }
    for (const p of pairLists) add(near, p.docs);
    // Phrases: every word and pair of each phrase.
    let required = null;
    if (phraseLists.length) required = intersect(phraseLists.flat().map((p) => Array.from(p.docs)));
    const excluded = new Uint8Array(n);
    for (const lists of minusLists) (intersect(lists.map((p) => Array.from(p.docs))) || []).forEach((d) => (excluded[d] = 1));
    const [lo, hi] = range(m, filter.year, filter.month);
    const inCategory = categoryDocs && new Set(categoryDocs);
    const places = placesOf(m), place = places ? places.place : null;
    // One sortable number for each document kept: the tiers in its high bits, its place by
    // date in its low 26.
    const keys = new Float64Array(required ? required.length : n);
    let count = 0;
    const consider = (d) => {
      const at = place ? place[d] : d;
      if (at < lo || at >= hi || excluded[d] || (inCategory && !inCategory.has(d))) return;
      const tiers = filter.newest ? has[d] * 65536 : (has[d] * 256 + inTitle[d]) * 256 + near[d];
      keys[count++] = tiers * 67108864 + at;
    };
    if (required) for (const d of required) consider(d);
    else for (let d = 0; d < n; d++) if (has[d]) consider(d);
    const sorted = keys.subarray(0, count).sort().reverse();
    const hits = new Array(count);
    for (let i = 0; i < count; i++) hits[i] = places ? places.document[sorted[i] % 67108864] : sorted[i] % 67108864;
    const all = new Set([...bareWords, ...phraseTerms.flat().filter((t) => !t.includes(" "))]);
    const match = (w) => all.has(w) || (lastWord !== null && w.startsWith(lastWord));
    return { hits, match };
  }

  const categoryFile = (m, name) => {
    const c = m.categories.find((c) => c[0] === name);
    return c ? index.category(c[1]) : Promise.resolve(new Uint32Array());
  };
  // Each document's place by date and the document at each place (docs/search.md#document-numbers):
  // the `moved` documents at their places, every other one, by number, at the next free place.
  // Null when numbers follow dates, as a newsroom's news numbers do.
  function placesOf(m) {
    if (!m.moved.length) return null;
    if (m.places) return m.places;
    const n = m.docs, place = new Uint32Array(n), document = new Uint32Array(n);
    const taken = new Uint8Array(n), moved = new Uint8Array(n);
    for (const [d, at] of m.moved) (place[d] = at), (taken[at] = 1), (moved[d] = 1);
    for (let d = 0, at = 0; d < n; d++) {
      if (moved[d]) continue;
      while (taken[at]) at++;
      place[d] = at++;
    }
    for (let d = 0; d < n; d++) document[place[d]] = d;
    return (m.places = { place, document });
  }
  // The places of a Jalali year's (and month's) documents: a run, from meta.json's months.
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

  // A count as CLDR's Persian number format writes it: Persian digits grouped by threes with
  // the Arabic thousands separator U+066C («۷٬۰۰۵»). Intl.NumberFormat("fa-IR") gives the same
  // but loads ICU's Persian data first, 60–100 ms on a slow phone, on every page with a box.
  const formatCount = (n) => persianDigits(String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u066C"));
  // `x`'s Latin digits as Persian ones.
  const persianDigits = (x) => String(x).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);

  // meta.json, with each document's place worked out as soon as it comes (before a query).
  const meta = () => index.meta().then((m) => (placesOf(m), m));
  return { parse, find, results, meta, formatCount, persianDigits };
})();
