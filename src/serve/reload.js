// akhbar serve: reloads the page when a new build is ready, and shows a failed build's errors
// over the page until they are fixed. Put into pages by the preview server only.
(() => {
  "use strict";
  const version = document.currentScript && document.currentScript.dataset.version;
  let overlay = null;

  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "akhbar-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,10,10,.94);" +
        "color:#fff;font:14px/1.7 Vazirmatn,Tahoma,sans-serif;padding:2rem;direction:rtl;text-align:start";
      const title = document.createElement("h2");
      title.textContent = "ساخت پایگاه خطا دارد";
      title.style.cssText = "margin:0 0 1rem;font-size:1.3rem;color:#ffb4a8";
      const pre = document.createElement("pre");
      pre.dir = "auto";
      pre.style.cssText = "white-space:pre-wrap;unicode-bidi:plaintext;font:13px/1.7 monospace;margin:0";
      const note = document.createElement("p");
      note.textContent = "پرونده را درست کنید و ذخیره کنید؛ این صفحه خودش تازه می‌شود.";
      note.style.cssText = "margin:1rem 0 0;color:#ddd";
      overlay.append(title, pre, note);
    }
    overlay.querySelector("pre").textContent = text;
    if (!overlay.isConnected) document.body.append(overlay);
  }

  const source = new EventSource("/__akhbar/events");
  source.addEventListener("build", (event) => {
    const state = JSON.parse(event.data);
    if (state.error) show(state.error);
    else if (String(state.version) !== version) location.reload();
    else if (overlay) overlay.remove();
  });
})();
