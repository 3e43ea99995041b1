/* Adds the assistant's chat to any page with one line:
   <script src="https://HOST/widget.js" data-lang="ar" data-country="SE" async></script>
   The chat itself runs in an iframe of HOST, so the page's own scripts cannot read it.
   Filled in by the server: the launcher's words in each language, the quick exit page. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.safeWorkChat) return;
  window.safeWorkChat = true;
  const settings = __SETTINGS__;
  const origin = new URL(script.src).origin;
  const asked = (script.dataset.lang || document.documentElement.lang || "").slice(0, 2).toLowerCase();
  const lang = settings.labels[asked] ? asked : "en";
  const words = settings.labels[lang];
  const country = (script.dataset.country || "").toUpperCase();
  let panel = null, frame = null, inerted = [];

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.textContent = words.open;
  launcher.lang = lang;
  launcher.dir = words.rtl ? "rtl" : "ltr";
  Object.assign(launcher.style, {
    position: "fixed", insetBlockEnd: "1rem", insetInlineEnd: "1rem", zIndex: "2147483646",
    minHeight: "3rem", padding: ".6rem 1.1rem", border: "2px solid #fff", borderRadius: "1.5rem",
    background: "#0a4f8f", color: "#fff", font: "600 1rem/1.2 system-ui,sans-serif",
    boxShadow: "0 2px 8px rgba(0,0,0,.35)", cursor: "pointer",
  });
  // Focus on the page is never hidden behind the launcher: scrolling keeps clear of it.
  document.documentElement.style.scrollPaddingBlockEnd = "5rem";

  function setBackgroundInert(on) {
    if (on) {
      inerted = Array.from(document.body.children).filter((el) => el !== panel && !el.inert);
      inerted.forEach((el) => { el.inert = true; });
    } else {
      inerted.forEach((el) => { el.inert = false; });
      inerted = [];
    }
  }

  function open() {
    if (!panel) {
      panel = document.createElement("div");
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", words.title);
      panel.setAttribute("aria-modal", "true");  // the page behind is inert while it is open
      const phone = window.matchMedia("(max-width: 600px)").matches;
      Object.assign(panel.style, phone
        ? { position: "fixed", inset: "0", zIndex: "2147483647", background: "#fff" }
        : {
          position: "fixed", insetBlockEnd: "1rem", insetInlineEnd: "1rem", zIndex: "2147483647",
          width: "min(26rem, calc(100vw - 2rem))", height: "min(40rem, calc(100vh - 2rem))",
          background: "#fff", borderRadius: ".75rem", overflow: "hidden",
          boxShadow: "0 4px 24px rgba(0,0,0,.4)",
        });
      frame = document.createElement("iframe");
      const query = new URLSearchParams({ embed: "1", lang });
      if (country) query.set("country", country);
      frame.src = `${origin}/chat?${query}`;
      frame.title = words.title;
      frame.referrerPolicy = "no-referrer";
      Object.assign(frame.style, { width: "100%", height: "100%", border: "0", display: "block" });
      // Keyboard users land in the chat as soon as it is there.
      frame.addEventListener("load", () => { if (panel && !panel.hidden) frame.contentWindow.focus(); });
      panel.append(frame);
      document.body.append(panel);
    }
    panel.hidden = false;
    launcher.hidden = true;
    setBackgroundInert(true);
    frame.focus();
  }

  function close() {
    if (panel) panel.hidden = true;
    setBackgroundInert(false);
    launcher.hidden = false;
    launcher.focus();
  }

  function quickExit() {
    if (panel) panel.remove();
    panel = frame = null;
    window.location.replace(settings.exitUrl);
  }

  launcher.addEventListener("click", open);
  window.addEventListener("message", (event) => {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
    const type = event.data && event.data.type;
    if (type === "chat-exit") quickExit();
    if (type === "chat-close") close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel && !panel.hidden) quickExit();
  });
  const start = () => document.body.append(launcher);
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
