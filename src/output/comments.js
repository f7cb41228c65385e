// akhbar's comment form (docs/templates.md): when the reader starts writing it takes a security
// code from the intake service, and on sending it finds the code's proof of work and posts the
// comment as JSON. No framework; SHA-256 is computed here, since crypto.subtle exists only on
// https pages.
(() => {
  "use strict";
  const UNAVAILABLE = "ارسال دیدگاه اکنون ممکن نیست؛ سرویس دیدگاه‌ها در دسترس نیست. لطفاً بعداً دوباره تلاش کنید.";
  const RECEIVED = "دیدگاه شما دریافت شد و پس از بررسی منتشر می‌شود";
  const PREPARING = "در حال آماده‌سازی کد امنیتی…", SENDING = "در حال ارسال دیدگاه…";
  const FIX = "لطفاً خطاهای فرم را برطرف کنید.";
  const TOO_MANY = "درخواست‌های شما بیش از اندازه بوده است؛ کمی بعد دوباره تلاش کنید.";
  const TOO_LARGE = "دیدگاه بیش از اندازه بلند است.";
  const FIELDS = ["name", "email", "body"];
  // As the service checks addresses: ASCII, a dotted domain of labels without edge hyphens.
  const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  const EMAIL = new RegExp("^[\\w.!#$%&'*+/=?^`{|}~-]{1,64}@" + LABEL + "(?:\\." + LABEL + ")+$", "i");
  const SLICE = 2000; // hashes between two breaths of the page
  // How long to hold a code before sending when the service does not say (`wait`).
  const MIN_FILL = 3500;
  const fa = (x) => String(x).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);
  const wait = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

  // ------------------------------------------------------------ SHA-256 (FIPS 180-4)
  // The constants are the first 32 bits of the fractional parts of the square roots (H0) and
  // cube roots (K) of the first primes.
  const H0 = [], K = [];
  for (let p = 2; K.length < 64; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
    if (!prime) continue;
    if (H0.length < 8) H0.push((Math.sqrt(p) * 2 ** 32) | 0);
    K.push((Math.cbrt(p) * 2 ** 32) | 0);
  }
  const W = new Int32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  let pad = new Uint8Array(128);

  // Runs the 64-byte blocks of `m` before `end` through the state `h`; returns `h`.
  function compress(h, m, end) {
    for (let o = 0; o < end; o += 64) {
      for (let i = 0, j = o; i < 16; i++, j += 4) W[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
      for (let i = 16; i < 64; i++) {
        const x = W[i - 15], y = W[i - 2];
        W[i] = (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + W[i - 7] + W[i - 16];
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g, g = f, f = e, e = (d + t1) | 0, d = c, c = b, b = a, a = (t1 + t2) | 0;
      }
      [a, b, c, d, e, f, g, k].forEach((x, i) => (h[i] = (h[i] + x) | 0));
    }
    return h;
  }

  // SHA-256 of `bytes` (a Uint8Array) as eight signed 32-bit words; or of a longer message whose
  // first `before` bytes (whole blocks) left the state `from`, and whose rest is `bytes`.
  function sha256(bytes, from = H0, before = 0) {
    const n = bytes.length, size = ((n + 72) >> 6) << 6, bits = (before + n) * 8;
    if (pad.length < size) pad = new Uint8Array(size);
    pad.set(bytes);
    pad.fill(0, n, size);
    pad[n] = 0x80;
    for (let i = 0; i < 4; i++) {
      pad[size - 8 + i] = Math.floor(bits / 2 ** 32) >>> (24 - 8 * i);
      pad[size - 4 + i] = bits >>> (24 - 8 * i);
    }
    return compress(from.slice(), pad, size);
  }

  const zeroBits = (h) => {
    let z = 0;
    for (const w of h) {
      z += Math.clz32(w);
      if (w !== 0) break;
    }
    return z;
  };

  // The smallest n such that SHA-256 of «code:n» (UTF-8) starts with `bits` zero bits, found a
  // slice at a time so that the page stays responsive. The whole blocks of «code:» are hashed once.
  async function solve(code, bits) {
    const prefix = new TextEncoder().encode(code + ":"), cut = prefix.length & ~63;
    const mid = compress(H0.slice(), prefix, cut), tail = prefix.subarray(cut);
    const msg = new Uint8Array(tail.length + 20);
    msg.set(tail);
    for (let n = 0; ; n++) {
      const digits = String(n);
      for (let i = 0; i < digits.length; i++) msg[tail.length + i] = digits.charCodeAt(i);
      if (zeroBits(sha256(msg.subarray(0, tail.length + digits.length), mid, cut)) >= bits) return digits;
      if (n % SLICE === SLICE - 1) await wait(0);
    }
  }

  // A failure whose message is meant for the reader; any other reads as UNAVAILABLE.
  class Told extends Error {}
  const told = (data, fallback) => new Told((data && typeof data.message === "string" && data.message) || fallback);
  const refusal = (status) => (status === 429 ? TOO_MANY : status === 413 ? TOO_LARGE : UNAVAILABLE);
  const json = (r) => r.json().catch(() => null);

  // ------------------------------------------------------------ a form
  function setUp(form) {
    const el = form.elements, button = form.querySelector('[type="submit"]');
    const status = form.querySelector('[role="status"]'), length = form.querySelector(".comment-length");
    const max = el.body.maxLength > 0 ? el.body.maxLength : 3000;
    form.noValidate = true; // the checks below speak Persian

    const say = (text, kind) => {
      status.textContent = text;
      status.dataset.kind = kind || "";
    };
    const mark = (field, message) => {
      const input = el[field], out = document.getElementById(input.id + "-error");
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      if (out) (out.textContent = message || ""), (out.hidden = !message);
    };
    const count = () => {
      const n = el.body.value.length;
      if (!length) return;
      length.textContent = fa(n) + " از " + fa(max) + " نویسه";
      length.classList.toggle("comment-length--near", n > max * 0.9);
    };
    const check = () => {
      const name = el.name.value.trim(), email = el.email.value.trim(), problems = {};
      if (!name) problems.name = "نام را بنویسید.";
      if (!email) problems.email = "نشانی ایمیل را بنویسید.";
      else if (email.length > 254 || !EMAIL.test(email))
        problems.email = "نشانی ایمیل درست نیست؛ مانند name@example.com بنویسید.";
      if (!el.body.value.trim()) problems.body = "متن دیدگاه را بنویسید.";
      else if (el.body.value.length > max) problems.body = "متن دیدگاه حداکثر " + fa(max) + " نویسه است.";
      return problems;
    };

    // The current security code: a promise of {challenge, difficulty, expires, got, until,
    // solution}, where `got` is when it arrived and `until` when to take another, by this
    // device's clock. It is kept until a comment is accepted with it.
    let code = null;
    function fetchCode() {
      const asked = Date.now();
      const p = fetch(form.dataset.challenge, { mode: "cors", credentials: "omit", cache: "no-store" }).then(
        async (r) => {
          const c = await json(r);
          if (!r.ok || !c || typeof c.challenge !== "string" || !(c.difficulty >= 0 && c.difficulty <= 32))
            throw told(r.ok ? null : c, refusal(r.status));
          // A device clock ahead of the service's makes `expires` look near or past: then a minute.
          const life = c.expires * 1000 - asked;
          return { ...c, got: Date.now(), until: asked + (life > 0 ? life * 0.9 : 60e3) };
        }
      );
      p.catch(() => code === p && (code = null));
      return (code = p);
    }

    // `sent`: the comment was accepted, and nothing has been typed since (a second press of
    // the button does not send an empty form).
    let started = false, busy = false, sent = false;
    const start = () => {
      if (started) return;
      started = true;
      fetchCode().catch((err) => busy || say(err instanceof Told ? err.message : UNAVAILABLE, "error"));
    };
    form.addEventListener("focusin", start);
    form.addEventListener("input", () => ((sent = false), start()));
    el.body.addEventListener("input", count);
    FIELDS.forEach((f) => el[f].addEventListener("input", () => el[f].hasAttribute("aria-invalid") && mark(f)));
    count();

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (busy || sent) return;
      const problems = check(), first = FIELDS.find((f) => problems[f]);
      FIELDS.forEach((f) => mark(f, problems[f]));
      if (first) {
        say(FIX, "error");
        el[first].focus();
        return;
      }
      busy = started = true;
      button.setAttribute("aria-disabled", "true");
      form.setAttribute("aria-busy", "true");
      say(PREPARING, "busy");
      try {
        let c = code && (await code.catch(() => null));
        const late = !c || Date.now() >= c.until;
        if (late) c = await fetchCode();
        if (!c.solution) c.solution = await solve(c.challenge, c.difficulty);
        // The service takes a code only `wait` seconds after issuing it.
        await wait(c.got + (c.wait >= 0 ? c.wait * 1000 + 250 : MIN_FILL) - Date.now());
        el.challenge.value = c.challenge;
        el.solution.value = c.solution;
        say(SENDING, "busy");
        const r = await fetch(form.action, {
          method: "POST",
          mode: "cors",
          credentials: "omit",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            news_id: el.news_id.value,
            name: el.name.value,
            email: el.email.value.trim(),
            body: el.body.value,
            challenge: c.challenge,
            solution: c.solution,
            website: "",
          }),
        });
        const data = await json(r), ok = r.ok && data && data.ok;
        // A code serves one comment: the next one's is taken now, so that it is old enough then.
        // So is one after a refused code that is not new (it has expired or been used).
        if (ok || (r.status === 403 && Date.now() - c.got > 30e3)) fetchCode().catch(() => {});
        if (ok) {
          el.body.value = "";
          count();
          sent = true;
          say(data.message || RECEIVED, "ok");
          return;
        }
        for (const x of (data && Array.isArray(data.errors) && data.errors) || [])
          if (FIELDS.includes(x.field)) mark(x.field, String(x.message));
        throw told(data, refusal(r.status));
      } catch (err) {
        say(err instanceof Told ? err.message : UNAVAILABLE, "error");
        const wrong = FIELDS.find((f) => el[f].hasAttribute("aria-invalid"));
        if (wrong) el[wrong].focus();
      } finally {
        busy = false;
        el.challenge.value = el.solution.value = "";
        button.removeAttribute("aria-disabled");
        form.removeAttribute("aria-busy");
      }
    });
  }

  document.querySelectorAll("form.comment-form").forEach(setUp);
})();
