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
  return { own, fold, matching, words };
})();

// akhbar's search (docs/search.md): the header box suggests as one types, /search/ lists,
// filters and highlights. No framework; it fetches only this site's /search/ files.
(() => {
  "use strict";
  const ROOT = "/search/", PAGE = 20, SUGGEST = 6;
  const UNAVAILABLE = "جستجو در دسترس نیست", NOTHING = "نتیجه‌ای پیدا نشد";
  const WORDY = /[\p{Alphabetic}\p{N}]/u;
  const { own, fold, matching, words } = akhbarMatching;
  const fa = (x) => String(x).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);
  const count = (n) => (n ? fa(n) + " نتیجه" : NOTHING);

  const shardKey = (w) =>
    [...w].slice(0, 2).map((c) => c.codePointAt(0).toString(16).padStart(4, "0")).join("-");

  // Index files, each fetched once; a failed fetch is forgotten, to be tried again.
  const files = new Map();
  const load = (path) => {
    if (!files.has(path)) {
      const p = fetch(ROOT + path).then((r) => {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      p.catch(() => files.delete(path));
      files.set(path, p);
    }
    return files.get(path);
  };
  const meta = () =>
    load("meta.json").then((m) => {
      if (m.version !== 1) throw new Error("search index version " + m.version);
      if (!m.shardSet) m.shardSet = new Set(m.shards);
      return m;
    });

  // The numbers of the documents with every word of `query` (the last one also as a prefix),
  // most words in the title first, then most exact matches, then newest; `filter` is
  // {category, year}, "" for any.
  // Null when the query has no word to search.
  async function find(query, filter = {}) {
    const qs = words(query);
    if (!qs.length) return null;
    const m = await meta();
    const last = qs[qs.length - 1], terms = [...new Set(qs)];
    const sets = await Promise.all(
      terms.map(async (w) => {
        const key = shardKey(w);
        const shard = m.shardSet.has(key) ? await load("shards/" + key + ".json") : { w: {}, t: {} };
        const exact = new Set(own(shard.w, w) ? shard.w[w] : []);
        const title = new Set();
        const inTitle = (t) => shard.t[t].forEach((d) => title.add(d));
        if (w !== last) {
          if (own(shard.t, w)) inTitle(w);
          return { all: exact, exact, title };
        }
        const all = new Set();
        for (const t of Object.keys(shard.w)) if (t.startsWith(w)) shard.w[t].forEach((d) => all.add(d));
        for (const t of Object.keys(shard.t)) if (t.startsWith(w)) inTitle(t);
        return { all, exact, title };
      })
    );
    sets.sort((a, b) => a.all.size - b.all.size);
    let hits = [...sets[0].all].filter((d) => sets.every((s) => s.all.has(d)));
    if (filter.category || filter.year) {
      const f = await load("facets.json");
      const cat = filter.category ? m.categories.indexOf(filter.category) : null;
      const year = filter.year ? Number(filter.year) : null;
      hits = hits.filter(
        (d) => (cat === null || (cat >= 0 && f.category[d] === cat)) && (year === null || f.year[d] === year)
      );
    }
    const score = (d) => sets.reduce((n, s) => n + s.exact.has(d), 0);
    const titled = (d) => sets.reduce((n, s) => n + s.title.has(d), 0);
    hits = hits
      .map((d) => [titled(d), score(d), d])
      .sort((a, b) => b[0] - a[0] || b[1] - a[1] || a[2] - b[2])
      .map((x) => x[2]);
    return { hits, meta: m, match: (w) => terms.includes(w) || w.startsWith(last) };
  }

  // The documents numbered `ids`, each [url, title, date, category, year, text].
  const docs = (m, ids) =>
    Promise.all(ids.map((d) => load("docs/" + Math.floor(d / m.chunk) + ".json").then((c) => c[d % m.chunk])))
      .then((list) => list.filter(Array.isArray));

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
        if (res) shown = await docs(res.meta, res.hits.slice(0, SUGGEST));
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
        all.replaceChildren("همه نتایج ", make("span", "search-suggest-count", "(" + fa(found) + ")"));
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
  function page(form) {
    const { q: input, category, year } = form.elements;
    const $ = (id) => document.getElementById(id);
    const status = $("search-status"), list = $("search-results"), more = $("search-more");
    const params = new URLSearchParams(location.search);
    const wanted = { category: params.get("category") || "", year: params.get("year") || "" };
    let seq = 0, timer = 0, res = null, shown = 0, filled = false;
    input.value = params.get("q") || "";

    // The filters' choices come with meta.json, loaded at the first query.
    const fill = (m) => {
      if (filled) return;
      filled = true;
      m.categories.forEach((c) => category.append(new Option(c, c)));
      m.years.forEach((y) => year.append(new Option(fa(y), String(y))));
      category.value = wanted.category;
      year.value = wanted.year;
      form.querySelector(".search-filters").hidden = false;
    };

    // Shows the next PAGE results (after clearing the list when `fresh`); returns the first.
    async function show(n, fresh) {
      const ids = res.hits.slice(shown, shown + PAGE);
      let found;
      try {
        found = await docs(res.meta, ids);
      } catch {
        if (n === seq) status.textContent = UNAVAILABLE;
        return null;
      }
      if (n !== seq) return null;
      if (fresh) list.replaceChildren();
      const first = list.children.length;
      for (const [url, title, date, cat, , text] of found) {
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
      const n = ++seq, q = input.value.trim();
      if (filled) (wanted.category = category.value), (wanted.year = year.value);
      const p = new URLSearchParams();
      for (const [k, v] of [["q", q], ["category", wanted.category], ["year", wanted.year]]) if (v) p.set(k, v);
      history.replaceState(history.state, "", location.pathname + (p.toString() ? "?" + p : ""));
      let found = null;
      if (words(q).length) {
        try {
          fill(await meta());
          found = await find(q, { category: category.value, year: year.value });
        } catch {
          found = undefined;
        }
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
    category.addEventListener("change", run);
    year.addEventListener("change", run);
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
