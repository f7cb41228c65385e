// The newsroom desk's script. Every page works without it; it adds the moderation queue's
// keyboard shortcuts, the Jalali date picker, suggestions of the site's terms in the tags field
// and the Markdown toolbar. Keys are read by their place on the keyboard (KeyboardEvent.code),
// so they work the same on a Persian layout, where the key A types «ش».
"use strict";

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

/** `n` in Persian digits, at least `width` of them. */
function persian(n, width = 1) {
  return String(n).padStart(width, "0").replace(/[0-9]/g, (d) => PERSIAN_DIGITS[d]);
}

/** `text` with Persian and Arabic-Indic digits as Latin ones. */
function latinDigits(text) {
  return text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** `text` as the site's matching rule compares words: Arabic yeh and kaf as Persian, ZWNJ as space. */
function matchKey(text) {
  return latinDigits(text).replace(/[يى]/g, "ی").replace(/ك/g, "ک")
    .replace(/[\u200c\u200d]/g, " ").replace(/\s+/g, " ").trim().toLowerCase();
}

(function queueKeys() {
  const form = document.getElementById("decide");
  if (!form) return;
  const comments = () => Array.from(form.querySelectorAll("article.comment"));
  let current = null;

  function focus(article) {
    if (!article) return;
    if (current) current.classList.remove("is-current");
    current = article;
    article.classList.add("is-current");
    article.focus({ preventScroll: true });
    article.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = comments();
    const at = all.indexOf(current);
    focus(all[Math.min(Math.max(at + step, 0), all.length - 1)] || all[0]);
  }

  function press(code) {
    const button = current && current.querySelector(`button[data-key="${code}"]`);
    if (button) form.requestSubmit(button);
  }

  const fromAddress = location.hash && document.getElementById(location.hash.slice(1));
  focus(fromAddress && fromAddress.matches("article.comment") ? fromAddress : comments()[0]);
  form.addEventListener("focusin", (event) => {
    const article = event.target.closest("article.comment");
    if (article && article !== current) focus(article);
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof Element && event.target.closest("textarea, input, select")) return;
    switch (event.code) {
      case "KeyJ":
      case "ArrowDown":
        move(1);
        break;
      case "KeyK":
      case "ArrowUp":
        move(-1);
        break;
      case "KeyA":
      case "KeyR":
      case "KeyS":
        press(event.code);
        break;
      case "KeyX": {
        const box = current && current.querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
        break;
      }
      case "KeyZ": {
        const undo = document.getElementById("undo");
        if (undo) undo.form.requestSubmit(undo);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  });
})();

(function datePickers() {
  const fields = document.querySelectorAll("input[data-picker]");
  if (!fields.length) return;
  const WEEKDAYS = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  let open = null;

  function close() {
    if (!open) return;
    open.panel.remove();
    open.button.setAttribute("aria-expanded", "false");
    open.button.focus();
    open = null;
  }

  /** The year, month, hour and minute written in `field`, if any. */
  function written(field) {
    const found = latinDigits(field.value).match(/^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?/);
    if (!found) return null;
    return { year: +found[1], month: +found[2], hour: found[4] ? +found[4] : null, minute: found[5] ? +found[5] : null };
  }

  async function show(field, button, month) {
    const response = await fetch("/_desk/calendar?month=" + encodeURIComponent(month || ""), { credentials: "same-origin" });
    if (!response.ok) return;
    const view = await response.json();
    if (open && open.field !== field) close();
    const panel = (open && open.panel) || document.createElement("div");
    panel.className = "picker";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "تقویم");
    const had = written(field);
    const [nowHour, nowMinute] = latinDigits(view.now).split(" ")[1].split(":");
    const hour = had && had.hour !== null ? had.hour : +nowHour;
    const minute = had && had.minute !== null ? had.minute : +nowMinute;
    let grid = "<table><thead><tr>" + WEEKDAYS.map((d) => `<th scope="col">${d}</th>`).join("") + "</tr></thead><tbody><tr>";
    for (let i = 0; i < view.offset; i++) grid += "<td></td>";
    for (let day = 1; day <= view.days; day++) {
      const cell = (view.offset + day - 1) % 7;
      if (cell === 0 && day > 1) grid += "</tr><tr>";
      const today = view.today[0] === view.year && view.today[1] === view.month && view.today[2] === day;
      grid += `<td><button type="button" data-day="${day}"${today ? ' aria-current="date"' : ""} aria-label="${persian(day)} ${view.title}">${persian(day)}</button></td>`;
    }
    grid += "</tr></tbody></table>";
    panel.innerHTML = `<div class="picker-head"><button type="button" data-to="${view.previous}" aria-label="ماه پیش">›</button>` +
      `<strong aria-live="polite">${view.title}</strong><button type="button" data-to="${view.next}" aria-label="ماه پس">‹</button></div>` + grid +
      `<div class="picker-time"><label>ساعت <input inputmode="numeric" size="2" data-part="hour" value="${persian(hour, 2)}"></label>` +
      `<label>دقیقه <input inputmode="numeric" size="2" data-part="minute" value="${persian(minute, 2)}"></label>` +
      `<button type="button" data-now>اکنون</button> <button type="button" data-close class="quiet">بستن</button></div>`;
    panel.onclick = (event) => {
      const target = event.target.closest("button");
      if (!target) return;
      if (target.dataset.to) show(field, button, target.dataset.to);
      else if (target.dataset.close !== undefined) close();
      else if (target.dataset.now !== undefined) choose(field, view.now);
      else if (target.dataset.day) {
        const part = (name) => +latinDigits(panel.querySelector(`[data-part="${name}"]`).value) || 0;
        const text = `${persian(view.year)}/${persian(view.month, 2)}/${persian(+target.dataset.day, 2)} ` +
          `${persian(Math.min(part("hour"), 23), 2)}:${persian(Math.min(part("minute"), 59), 2)}`;
        choose(field, text);
      }
    };
    if (!open) {
      button.insertAdjacentElement("afterend", panel);
      button.setAttribute("aria-expanded", "true");
      open = { panel, field, button };
      const first = panel.querySelector("[aria-current=date]") || panel.querySelector("[data-day]");
      first.focus();
    }
  }

  function choose(field, text) {
    field.value = text;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    close();
  }

  for (const field of fields) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pick-date quiet";
    button.textContent = "تقویم";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", "انتخاب تاریخ از تقویم");
    field.insertAdjacentElement("afterend", button);
    button.addEventListener("click", () => {
      if (open && open.field === field) return close();
      close();
      const had = written(field);
      show(field, button, had ? `${had.year}-${String(had.month).padStart(2, "0")}` : "");
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) close();
  });
})();

(function termSuggestions() {
  for (const field of document.querySelectorAll("input[data-terms]")) {
    const list = document.getElementById(field.getAttribute("list"));
    if (!list) continue;
    const terms = Array.from(list.options, (option) => option.value);
    const suggest = () => {
      const cut = Math.max(field.value.lastIndexOf("،"), field.value.lastIndexOf(","));
      const before = cut < 0 ? "" : field.value.slice(0, cut + 1).trimEnd() + " ";
      const typed = matchKey(field.value.slice(cut + 1));
      const chosen = new Set(field.value.slice(0, cut + 1).split(/[،,]/).map(matchKey));
      const fitting = terms.filter((term) => !chosen.has(matchKey(term)) && matchKey(term).includes(typed)).slice(0, 30);
      list.replaceChildren(...fitting.map((term) => new Option("", before + term)));
    };
    field.addEventListener("input", suggest);
    field.addEventListener("focus", suggest);
  }
})();

(function markdownToolbar() {
  const TOOLS = [
    ["تیتر", "line", "## "],
    ["پررنگ", "wrap", "**", "متن پررنگ"],
    ["فهرست", "line", "- "],
    ["فهرست شماره‌دار", "numbered"],
    ["پیوند", "wrap", "[", "متن پیوند", "](https://)"],
    ["جدول", "insert", "\n| ستون ۱ | ستون ۲ |\n| --- | --- |\n|  |  |\n"],
    ["تصویر", "insert", "![توضیح تصویر](نشانی-تصویر.jpg)"],
  ];
  for (const area of document.querySelectorAll("textarea[data-markdown]")) {
    const bar = document.createElement("div");
    bar.className = "md-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "قالب‌بندی متن");
    for (const [label, kind, ...parts] of TOOLS) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "quiet";
      button.textContent = label;
      button.addEventListener("click", () => apply(area, kind, parts));
      bar.append(button);
    }
    area.insertAdjacentElement("beforebegin", bar);
    area.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.code === "KeyB") {
        event.preventDefault();
        apply(area, "wrap", TOOLS[1].slice(2));
      }
    });
  }

  function apply(area, kind, parts) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const chosen = value.slice(start, end);
    if (kind === "wrap") {
      const [open, placeholder, close = open] = parts;
      const text = chosen || placeholder;
      area.setRangeText(open + text + close, start, end, "end");
      area.setSelectionRange(start + open.length, start + open.length + text.length);
    } else if (kind === "insert") {
      area.setRangeText(parts[0], start, end, "end");
    } else {
      const lineStart = value.lastIndexOf("\n", start - 1) + 1;
      const lines = value.slice(lineStart, end).split("\n");
      const marked = lines.map((line, i) => (kind === "numbered" ? `${i + 1}. ` : parts[0]) + line).join("\n");
      area.setRangeText(marked, lineStart, end, "end");
    }
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
})();

(function pictureUpload() {
  const upload = document.querySelector("form[data-upload]");
  const item = document.querySelector("form.item");
  if (!upload || !item) return;
  const status = upload.querySelector(".upload-status");
  upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "در حال بارگذاری…";
    const alt = upload.elements.alt.value.trim();
    let answer;
    try {
      const response = await fetch(upload.action, { method: "POST", body: new FormData(upload), headers: { Accept: "application/json" }, credentials: "same-origin" });
      answer = await response.json();
    } catch {
      answer = { error: "بارگذاری انجام نشد؛ اتصال را بررسی کنید و دوباره بکوشید." };
    }
    if (answer.error) {
      status.textContent = answer.error;
      return;
    }
    if (upload.elements.place.value === "cover") {
      item.elements.image.value = answer.address;
      item.elements.image_alt.value = alt;
    } else {
      const body = item.elements.body;
      body.setRangeText(`\n![${alt.replace(/[[\]]/g, "")}](${answer.address})\n`, body.selectionStart, body.selectionEnd, "end");
    }
    status.textContent = "تصویر بارگذاری شد و در فرم خبر آمد؛ فرم را ذخیره کنید." +
      (answer.had_position ? " جای مکان عکاسی از آن برداشته شد." : "");
    upload.reset();
  });
})();

(function livePreview() {
  const item = document.querySelector("form.item");
  const button = item && item.querySelector("button[data-preview]");
  if (!button || !document.querySelector("iframe[name=preview]")) return;
  let timer = null;
  item.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => item.requestSubmit(button), 1200);
  });
})();

// What `akhbar check` would warn of in the previewed item (a picture without its description,
// a double posting, a schedule that makes no sense…), which the preview's page carries as JSON:
// each shown beside its field, or above the preview when it belongs to none (the text).
(function previewWarnings() {
  const item = document.querySelector("form.item");
  const frame = document.querySelector("iframe[name=preview]");
  if (!item || !frame) return;
  const box = document.createElement("div");
  box.className = "preview-warnings";
  box.setAttribute("role", "status");
  frame.before(box);
  frame.addEventListener("load", () => {
    item.querySelectorAll(".field-warning").forEach((note) => note.remove());
    box.replaceChildren();
    let warnings = [];
    try {
      const data = frame.contentDocument.getElementById("akhbar-desk-warnings");
      if (data) warnings = JSON.parse(data.textContent);
    } catch {
      warnings = [];
    }
    for (const { field, message } of warnings) {
      const note = document.createElement(field ? "span" : "p");
      note.className = field ? "field-warning" : "";
      note.textContent = "هشدار: " + message;
      const input = field && item.elements[field];
      if (input instanceof Element) input.after(note);
      else box.append(note);
    }
  });
})();
