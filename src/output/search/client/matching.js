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
  // `f`, with what it gave for each argument kept (at most `most`, then forgotten all at once):
  // a text has few distinct characters and words, and a slow phone runs a first query before
  // the engine has compiled this code.
  const memo = (f, most = Infinity) => {
    const known = new Map();
    return (x) => {
      let v = known.get(x);
      if (v === undefined) {
        if (known.size >= most) known.clear();
        known.set(x, (v = f(x)));
      }
      return v;
    };
  };
  const fold1 = memo((c) => (own(NORMALIZE, c) ? NORMALIZE[c] : c.toLowerCase()));
  const fold = memo((c) => (PRESENTATION.test(c) ? Array.from(c.normalize("NFKD"), fold1).join("") : fold1(c)));
  const spacing = memo((c) => SPACE.test(c) || NORMALIZE[c] === " ");
  const decomposed = (text) =>
    PRESENTATION.test(text) ? Array.from(text, (c) => (PRESENTATION.test(c) ? c.normalize("NFKD") : c)).join("") : text;
  const firstChar = (text) => (text ? String.fromCodePoint(text.codePointAt(0)) : "");
  const lastChar = (text) => Array.from(text.slice(-2)).pop() || "";

  // The space after a prefix and before a suffix goes, when a letter is on its other side.
  function joinAffixes(text) {
    let out = "", previous = null;
    for (const word of text.split(" ")) {
      if (previous !== null) {
        const glued = (PREFIXES.has(previous) && LETTER.test(firstChar(word))) ||
          (SUFFIXES.has(word) && LETTER.test(lastChar(out)));
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
      if (spacing(c)) {
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
  // Whether the words `a` and `b` (in the matching form) may be one word when only separators
  // are between them: only an affix is joined to its stem.
  const mayJoin = (a, b) => PREFIXES.has(a) || SUFFIXES.has(b);
  return { own, fold, matching, words, runs, mayJoin, memo };
})();
