// The newsroom desk's script. Every page works without it; it adds the moderation queue's
// keyboard shortcuts. Keys are read by their place on the keyboard (KeyboardEvent.code), so
// they work the same on a Persian layout, where the key A types «ش».
"use strict";

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
    if (event.target.closest("textarea, input[type=text], input:not([type]), select")) return;
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
