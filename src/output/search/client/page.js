// akhbar's search (docs/search.md): the header box suggests as one types, /search/ lists,
// filters and highlights. No framework; it fetches only this site's /search/ files.
(() => {
  "use strict";
  const ROOT = "/search/", PAGE = 10, SUGGEST = 6;
  const UNAVAILABLE = "جستجو در دسترس نیست", NOTHING = "نتیجه‌ای پیدا نشد";
  const WORDY = /[\p{Alphabetic}\p{N}]/u;
  const { fold, matching, mayJoin, memo } = akhbarMatching;
  const { find, results, formatCount, persianDigits } = akhbarSearch;
  const count = (n) => (n ? formatCount(n) + " نتیجه" : NOTHING);
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

  // The matching form of the words and gaps of results' texts, worked out once for each.
  const matched = memo(matching, 20000);
  // 1 for a character of a word, 0 for one that folds to nothing (it stays inside its word),
  // -1 for one that ends a word.
  const kind = memo((c) => {
    const f = fold(c);
    return f === "" ? 0 : WORDY.test(f) ? 1 : -1;
  });

  // The words of `text` as [start, end, folded], with offsets into `text`; characters that fold
  // to nothing (harakat, tatweel) stay inside their word, and an affix and its stem apart only
  // by separators (space, ZWNJ) are one word, as the index has them. `enough` is asked each
  // time a word is added (the words before it are then whole) whether to stop there.
  function spans(text, enough = () => false) {
    const runs = [];
    let start = -1, i = 0;
    for (const c of text) {
      const k = kind(c);
      if (k > 0 || (k === 0 && start >= 0)) {
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
      const last = out[out.length - 1], folded = matched(text.slice(s, e));
      const joined = last && mayJoin(last[2], folded) && matched(text.slice(last[1], s)) === "" && matching(text.slice(last[0], e));
      if (joined && !joined.includes(" ")) (last[1] = e), (last[2] = joined);
      else if ((out.push([s, e, folded]), enough(out))) break;
    }
    return out;
  }

  // Appends to `el` about `size` characters of `text` around its first match, cut between
  // words, with the matching words in <mark>; tells whether any word matched. The words are
  // folded only as far as the cut after the first match.
  function snippet(el, text, match, size = 220) {
    const cut = text.length > size;
    // How far the snippet can reach, once the first match is known.
    let reach = Infinity;
    const all = spans(text, (words) => {
      const whole = words[words.length - 2];
      if (cut && reach === Infinity && whole && match(whole[2])) reach = Math.max(0, whole[0] - 60) + size;
      return words[words.length - 1][0] > reach;
    });
    const hits = all.filter((s) => match(s[2]));
    let from = 0, to = text.length;
    if (cut) {
      from = hits.length ? Math.max(0, hits[0][0] - 60) : 0;
      to = Math.min(text.length, from + size);
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

  // ------------------------------------------------------------ a folded box
  // A theme may fold a box into its button on phones (its style hides the field): the button
  // then unfolds the box in place (class `is-open`), and the box folds again when left empty.
  function unfold(form, input) {
    const button = form.querySelector('[type="submit"]');
    if (!button) return;
    button.addEventListener("click", (e) => {
      if (getComputedStyle(input).display !== "none") return;
      e.preventDefault();
      form.classList.add("is-open");
      input.focus();
    });
    form.addEventListener("focusout", (e) => {
      if (!input.value && !form.contains(e.relatedTarget)) form.classList.remove("is-open");
    });
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
    unfold(form, input);

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
        all.replaceChildren("همه نتایج ", make("span", "search-suggest-count", "(" + formatCount(found) + ")"));
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
      [...new Set(m.months.map((e) => e[0]))].reverse().forEach((y) => year.append(new Option(persianDigits(y), String(y))));
      category.value = wanted.category;
      year.value = wanted.year;
      fillMonths();
      month.value = wanted.month;
      order.value = wanted.order;
      const filters = form.querySelector(".search-filters");
      if (filters) filters.hidden = false;
    };

    // Shows the next PAGE results (after clearing the list when `fresh`), each as soon as it
    // and those before it have come, the list marked busy until the last; returns the first.
    async function show(n, fresh) {
      list.setAttribute("aria-busy", "true");
      try {
        return await showing(n, fresh);
      } finally {
        if (n === seq) list.removeAttribute("aria-busy");
      }
    }

    async function showing(n, fresh) {
      const ids = res.hits.slice(shown, shown + PAGE);
      // The first result's file is asked for alone, the others once it has come: ten
      // responses at once would each take their turn on a slow phone before the first shows.
      const head = results(ids.slice(0, 1));
      const tail = head.catch(() => {}).then(() => ids.slice(1).map((id) => results([id])));
      const pending = ids.map((_, i) => (i ? tail.then((rest) => rest[i - 1]) : head));
      // A result that fails after an earlier one did is not reported twice.
      pending.forEach((p) => p.catch(() => {}));
      const first = fresh ? 0 : list.children.length, deeper = [];
      for (const [at, one] of pending.entries()) {
        let found;
        try {
          found = await one;
        } catch {
          if (n === seq) status.textContent = UNAVAILABLE;
          return null;
        }
        if (n !== seq) return null;
        if (fresh && at === 0) list.replaceChildren();
        append(n, found, deeper);
      }
      // Snippets from the pages themselves once the whole screen is shown.
      for (const deepening of deeper) deepening();
      shown += ids.length;
      more.hidden = shown >= res.hits.length;
      return list.children[first];
    }

    // Adds the results `found` ([url, title, date, category, text] each) to the list; a result
    // whose text has no match adds to `deeper` the search of its page for a better snippet.
    function append(n, found, deeper) {
      for (const [url, title, date, cat, text] of found) {
        const li = make("li", "search-result"), h = make("h2", "search-result-title");
        const a = make("a", "", title), sn = make("p", "search-result-snippet");
        a.href = safeUrl(url);
        h.append(a);
        if (!snippet(sn, String(text || ""), res.match)) deeper.push(() => deepen(sn, a.getAttribute("href"), res.match, () => n === seq));
        li.append(h, dateLine("p", "search-result-meta", date, cat), sn);
        list.append(li);
      }
    }

    async function run() {
      const n = ++seq, q = input.value;
      if (meta) [category, year, month, order].forEach((f, i) => (wanted[FILTERS[i]] = f.value));
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
      if (n === seq) remember(q);
    }

    // The query and filters in the address, once their results are shown (a browser may
    // do work of its own on a change of address, such as loading the icon again).
    function remember(q) {
      const p = new URLSearchParams();
      for (const [k, v] of [["q", q.trim()], ...FILTERS.map((k) => [k, wanted[k]])]) if (v) p.set(k, v);
      history.replaceState(history.state, "", location.pathname + (p.toString() ? "?" + p : ""));
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
