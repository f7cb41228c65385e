#!/usr/bin/env node
// search-queries.mjs: chooses search queries from a site's own news items, so that a search
// measurement (scripts/search-bytes.mjs) runs on queries the corpus decides, not hand-picked
// ones: the 50 most frequent content words and 50 two-word queries made of frequent words.
//
// Needs only Node.js; no npm packages:
//
//   node scripts/search-queries.mjs DIR            # JSON: { "words": [...], "pairs": ["w1 w2", ...], ... }
//   node scripts/search-queries.mjs DIR --list     # one query per line: the words, then the pairs
//   node scripts/search-queries.mjs DIR --words 50 --pairs 50 --pool 20   # the defaults
//
// DIR is a site's root (it reads DIR/content/news/**/*.md), its content folder (DIR/news/**/*.md)
// or a folder of items itself (DIR/**/*.md), whichever exists first.
//
// The rule:
//  - Text: each item is a Markdown file with YAML front matter between `---` lines. Its text is
//    the front matter's `title` and the Markdown body; the other keys and their values (tags,
//    category, source, date…) are not text. Markdown syntax is stripped roughly: HTML comments
//    and tags, code fences, the targets of links and images (their text stays), bare URLs,
//    reference definitions; the rest (#, *, _, list numbers…) falls away when splitting.
//  - Normalisation, for counting only (akhbar's own matching rule does more, see
//    src/persian/normalize.rs): Arabic yeh ي → ی, Arabic kaf ك → ک, ZWNJ (U+200C) → space,
//    Persian and Arabic-Indic digits → Latin, harakat (U+064B–U+065F) and tatweel (U+0640)
//    dropped, Latin letters lowercased.
//  - Words: runs of letters, digits (and any combining marks left) after normalisation.
//    A content word has at least 2 letters or digits, is not digits only, and is not in
//    STOP_WORDS below. Its frequency is its document frequency: in how many items it occurs.
//  - words: the --words (50) content words of highest document frequency; ties broken by the
//    word, in code-point order.
//  - pairs: from the first --pool (20) of those words, w[0] the most frequent, the pairs
//    "w[i] w[i+d]" (the more frequent word first) in order of distance d = 1, 2, 3, …, and for
//    each d in order of i = 0, 1, 2, …: (0,1) (1,2) … (18,19), then (0,2) (1,3) … (17,19), then
//    (0,3) …; a pair is skipped when no item holds both words; the first --pairs (50) are kept.
//    If the pool yields fewer, the pool grows by 10 words (from the same frequency order, past
//    --words if need be) and the pairs are enumerated again, until there are enough or every
//    content word is in the pool. So each word is paired with its neighbours in frequency
//    first, and no one word is in every pair.
//
// The JSON also gives `documents` (items read), `wordDocs` and `pairDocs` (the document
// frequency of each word and of each pair, in the same order) and `pool`.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Persian function words (about 160): prepositions, conjunctions, pronouns, determiners, adverbs
// of degree and time that say nothing on their own, auxiliary, modal, light and reporting verbs
// («است», «شد», «کرد», «تواند», «داد», «گفت», «افزود»), and the pieces that the ZWNJ → space rule
// cuts off words («می‌شود» → «می» «شود», «کتاب‌ها» → «کتاب» «ها», «گرفته‌اند» → «گرفته» «اند»).
// Written in their normalised form (Persian yeh and kaf, no ZWNJ).
export const STOP_WORDS = new Set(`
از به در و که این آن با برای را است می ها های هایی شد شده شود بود هم نیز تا یا اما بر هر وی خود
او ما من تو شما آنها ایشان اینها آنان اینکه آنکه چون چه چرا اگر همه همین همان هیچ دیگر دیگری یک
یکی چند چندین پس پیش بین میان روی زیر بی بدون جز مگر ولی لیکن زیرا درباره طی توسط نزد سوی ضمن
همچنین همچنان چنین چنان آیا بنابراین حتی فقط تنها نه بلکه باید نباید شاید نمی ای اند ام اش ات
مان تان شان تر ترین هست نیست بودند بوده باشد باشند شدند شوند شدن کرد کرده کند کنند کردند کردن
کنید کنیم دارد دارند داشت داشته داشتند گردد گردید خواهد خواهند گفت گفته یعنی هنوز اکنون بسیار
خیلی وقتی هنگام سپس کدام کجا آنجا اینجا الا عنوان مورد براساس اساس طور توان تواند توانند توانست
توانستند داد داده دهد دهند دادند گرفت گرفته گیرد گیرند افزود بیش بیشتر کم کمتر
`.split(/\s+/).filter(Boolean).map((w) => normalise(w).trim()));

// The counting normalisation of the header comment.
export function normalise(text) {
  return text
    .replace(/[\u064B-\u065F\u0640]/g, "")
    .replace(/\u064A/g, "ی")
    .replace(/\u0643/g, "ک")
    .replace(/\u200C/g, " ")
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .toLowerCase();
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

// The distinct words of `text`, normalised, in order of first occurrence.
export function words(text) {
  return new Set(normalise(text).match(WORD) || []);
}

export function isContentWord(w) {
  return (w.match(LETTER_OR_DIGIT) || []).length >= 2 && !/^\d+$/.test(w) && !STOP_WORDS.has(w);
}

// The title and body of an item file: front matter between `---` lines, then Markdown.
export function itemText(source) {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let title = "", body = text;
  const fm = text.match(/^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/);
  if (fm) {
    body = text.slice(fm[0].length);
    title = frontMatterTitle(fm[1]);
  }
  return title + "\n" + stripMarkdown(body);
}

function frontMatterTitle(yaml) {
  const lines = yaml.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^title[ \t]*:[ \t]*(.*)$/);
    if (!m) continue;
    let v = m[1].trim();
    if (/^[|>][+-]?\d*$/.test(v)) {
      // A block scalar: the lines indented under the key.
      const block = [];
      for (let j = i + 1; j < lines.length && (/^\s/.test(lines[j]) || lines[j] === ""); j++) block.push(lines[j].trim());
      return block.join(" ");
    }
    if (v.startsWith('"')) {
      const end = v.match(/^"((?:[^"\\]|\\.)*)"/);
      if (end) {
        try { return JSON.parse(`"${end[1]}"`); } catch { return end[1]; }
      }
      return v.slice(1);
    }
    if (v.startsWith("'")) {
      const end = v.match(/^'((?:[^']|'')*)'/);
      return end ? end[1].replace(/''/g, "'") : v.slice(1);
    }
    return v.replace(/\s+#.*$/, "");
  }
  return "";
}

export function stripMarkdown(md) {
  return md
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/^[ \t]*(```|~~~).*$/gm, " ")                // fence lines (their content stays)
    .replace(/^[ \t]*\[[^\]\n]+\]:[ \t]*\S+.*$/gm, " ")   // reference definitions
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, " $1 ")      // links and images: their text
    .replace(/!?\[([^\]\n]*)\]\[[^\]\n]*\]/g, " $1 ")     // reference links
    .replace(/<[a-zA-Z\/][^>\n]*>/g, " ")                 // HTML tags and autolinks
    .replace(/\b(?:https?|ftp|mailto):[^\s)>\]]+/gi, " ") // bare URLs
    .replace(/&[a-zA-Z]+;|&#\d+;/g, " ");                 // entities
}

function markdownFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(".md")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function newsFolder(dir) {
  for (const candidate of [path.join(dir, "content", "news"), path.join(dir, "news"), dir]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
  }
  throw new Error(`${dir}: no such folder`);
}

const byCodePoint = (a, b) => {
  const A = [...a], B = [...b];
  for (let i = 0; i < Math.min(A.length, B.length); i++) {
    const d = A[i].codePointAt(0) - B[i].codePointAt(0);
    if (d) return d;
  }
  return A.length - B.length;
};

// The queries for the items under `dir` (see the header comment for the rule).
export function chooseQueries(dir, { words: nWords = 50, pairs: nPairs = 50, pool: poolSize = 20 } = {}) {
  const files = markdownFiles(newsFolder(dir));
  const ids = new Map(); // word → id
  const names = [];
  const df = [];
  const docs = []; // per item: its content words' ids
  for (const file of files) {
    const set = words(itemText(fs.readFileSync(file, "utf8")));
    const own = [];
    for (const w of set) {
      if (!isContentWord(w)) continue;
      let id = ids.get(w);
      if (id === undefined) {
        id = names.length;
        ids.set(w, id);
        names.push(w);
        df.push(0);
      }
      df[id]++;
      own.push(id);
    }
    docs.push(Int32Array.from(own));
  }
  const order = names.map((_, id) => id).sort((a, b) => df[b] - df[a] || byCodePoint(names[a], names[b]));
  const top = order.slice(0, nWords);

  let pool = Math.min(poolSize, order.length), pairs;
  for (;;) {
    // How many items hold both words, for every two words of the pool.
    const rank = new Map(order.slice(0, pool).map((id, r) => [id, r]));
    const both = new Int32Array(pool * pool);
    for (const doc of docs) {
      const rs = [];
      for (const id of doc) {
        const r = rank.get(id);
        if (r !== undefined) rs.push(r);
      }
      for (let a = 0; a < rs.length; a++) for (let b = a + 1; b < rs.length; b++) {
        both[Math.min(rs[a], rs[b]) * pool + Math.max(rs[a], rs[b])]++;
      }
    }
    pairs = [];
    for (let d = 1; d < pool && pairs.length < nPairs; d++) {
      for (let i = 0; i + d < pool && pairs.length < nPairs; i++) {
        const n = both[i * pool + i + d];
        if (n > 0) pairs.push([names[order[i]] + " " + names[order[i + d]], n]);
      }
    }
    if (pairs.length >= nPairs || pool >= order.length) break;
    pool = Math.min(pool + 10, order.length);
  }
  return {
    words: top.map((id) => names[id]),
    pairs: pairs.map(([q]) => q),
    documents: files.length,
    wordDocs: top.map((id) => df[id]),
    pairDocs: pairs.map(([, n]) => n),
    pool,
  };
}

// ------------------------------------------------------------------ the command
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const options = {};
  let dir, list = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--list") list = true;
    else if (a === "--words" || a === "--pairs" || a === "--pool") {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 0) {
        console.error(`${a} needs a whole number`);
        process.exit(2);
      }
      options[a.slice(2)] = n;
    } else if (!a.startsWith("--") && dir === undefined) dir = a;
    else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  if (!dir) {
    console.error("usage: node search-queries.mjs DIR [--list] [--words N] [--pairs N] [--pool N]   (DIR: a site's root, content folder or news folder)");
    process.exit(2);
  }
  const chosen = chooseQueries(dir, options);
  if (list) process.stdout.write([...chosen.words, ...chosen.pairs].map((q) => q + "\n").join(""));
  else process.stdout.write(JSON.stringify(chosen, null, 1) + "\n");
}
