/* The chat page (full screen at /chat, or in the iframe /widget.js adds).
   Talks only to this origin; every message is rendered as text (links only for http,
   https, tel and mailto); nothing is kept but a random id per tab in sessionStorage,
   which quick exit and "delete conversation" clear. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const config = JSON.parse($("config").textContent);
  const API = "/webhooks/rest/webhook";
  const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"']*[^\s<>"'.,;:!?)]/gi;
  const rtl = new Set(config.languages.filter((l) => l.rtl).map((l) => l.code));
  const log = $("log"), input = $("input"), status = $("status"), picker = $("language");
  let strings = config.strings, lang = config.lang, queue = Promise.resolve();

  const store = {  // sessionStorage may be refused (privacy modes): then memory only
    get: (k) => { try { return sessionStorage.getItem(k); } catch (e) { return null; } },
    set: (k, v) => { try { sessionStorage.setItem(k, v); } catch (e) { /* memory only */ } },
    clear: () => { try { sessionStorage.clear(); } catch (e) { /* nothing kept */ } },
  };
  const newId = () => {
    const id = Array.from(crypto.getRandomValues(new Uint8Array(16)),
      (b) => b.toString(16).padStart(2, "0")).join("");
    store.set("id", id);
    return id;
  };
  let sender = store.get("id") || newId();

  const safe = (href) => {
    try { return ["http:", "https:", "tel:", "mailto:"].includes(new URL(href).protocol); }
    catch (e) { return false; }
  };

  // Text with the phone numbers the server found, and web links, as links; the rest text.
  function linked(text, phones) {
    const marks = [];
    let from = 0;
    for (const p of phones || []) {
      const at = text.indexOf(p.text, from);
      if (at >= 0 && safe(p.tel)) { marks.push([at, at + p.text.length, p.tel]); from = at + p.text.length; }
    }
    for (const m of text.matchAll(LINK)) {
      const end = m.index + m[0].length;
      if (safe(m[0]) && !marks.some(([s, e]) => m.index < e && s < end)) marks.push([m.index, end, m[0]]);
    }
    marks.sort((a, b) => a[0] - b[0]);
    const out = document.createDocumentFragment();
    let at = 0;
    for (const [s, e, href] of marks) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = text.slice(s, e);
      if (/^https?:/i.test(href)) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
      out.append(text.slice(at, s), a);
      at = e;
    }
    out.append(text.slice(at));
    return out;
  }

  function add(who, text, opts = {}) {
    const div = document.createElement("div");
    div.className = `msg ${who}${opts.alert ? " alert" : ""}`;
    div.lang = opts.lang || lang;
    div.dir = who === "you" ? "auto" : rtl.has(div.lang) ? "rtl" : "ltr";
    const label = document.createElement("span");
    label.className = "hidden";
    label.textContent = `${who === "you" ? strings.you : strings.assistant}: `;
    div.append(label, linked(text, opts.phones));
    log.append(div);
    if (who === "you") toEnd();
    return div;
  }

  // Only the log scrolls (scrollIntoView would scroll the page too, taking quick exit away).
  function toEnd() { log.scrollTop = log.scrollHeight; }
  function toStart(el) { log.scrollTop = el.offsetTop - 8; }  // #log is the offsetParent

  function choices(buttons, language) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.lang = language;
    for (const b of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", () => (
        b.payload.trim().toLowerCase() === "/forget" ? deleteConversation() : send(b.payload, b.title)));
      group.append(button);
    }
    log.append(group);
  }

  function show(reply) {
    const language = reply.language || lang;
    if (reply.text) add("bot", reply.text, { lang: language, phones: reply.phones });
    if (reply.buttons && reply.buttons.length) choices(reply.buttons, language);
  }

  function metadata() {
    const meta = { language: lang };
    if (config.country) meta.country = config.country;
    return meta;
  }

  async function post(message) {
    status.textContent = strings.typing;
    log.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(API, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender, message, metadata: metadata() }),
        signal: AbortSignal.timeout ? AbortSignal.timeout(30000) : undefined,
      });
      const replies = await response.json();
      if (!Array.isArray(replies)) throw new Error(response.status);
      const spoken = replies.map((r) => r.language).find((l) => l && l !== lang);
      if (spoken) await switchLanguage(spoken, false);  // the person wrote in another language
      const first = log.childElementCount;
      replies.forEach(show);
      // An answer is read from its start, however long it is.
      if (log.children[first]) toStart(log.children[first]);
    } catch (e) {
      add("bot", strings.unreachable, { alert: true });
      toEnd();
    } finally {
      status.textContent = "";
      log.removeAttribute("aria-busy");
    }
  }

  // Messages go one after another, in the order they were written.
  function send(message, shown) {
    if (shown) add("you", shown);
    queue = queue.then(() => post(message));
    return queue;
  }

  function applyStrings() {
    for (const el of document.querySelectorAll("[data-t]")) el.textContent = strings[el.dataset.t];
    for (const attr of ["title", "aria-label", "placeholder"]) {
      for (const el of document.querySelectorAll(`[data-t-${attr}]`)) {
        el.setAttribute(attr, strings[el.getAttribute(`data-t-${attr}`)]);
      }
    }
  }

  async function switchLanguage(code, tell) {
    if (code === lang || !config.languages.some((l) => l.code === code)) return;
    try {
      const query = config.country ? `?country=${encodeURIComponent(config.country)}` : "";
      const response = await fetch(`/chat/strings/${encodeURIComponent(code)}.json${query}`);
      strings = (await response.json()).strings;
    } catch (e) {
      return;
    }
    lang = code;
    store.set("lang", code);
    document.documentElement.lang = code;
    document.documentElement.dir = rtl.has(code) ? "rtl" : "ltr";
    picker.value = code;
    applyStrings();
    if (tell) send(`/choose_language${JSON.stringify({ language: code })}`);
  }

  function quickExit() {
    const body = JSON.stringify({ sender, message: "/forget" });
    try {
      fetch(API, { method: "POST", headers: { "Content-Type": "application/json" }, body, keepalive: true });
    } catch (e) { /* leaving matters more */ }
    store.clear();
    log.replaceChildren();
    input.value = "";
    if (config.embedded && window.parent !== window) {
      window.parent.postMessage({ type: "chat-exit" }, "*");  // the host page leaves too
      // Without widget.js around to do that, at least the chat itself goes.
      setTimeout(() => window.location.replace(config.exitUrl), 500);
    } else {
      window.location.replace(config.exitUrl);
    }
  }

  async function deleteConversation() {
    log.replaceChildren();
    await send("/forget");  // the assistant confirms in the person's language
    store.clear();
    sender = newId();
  }

  for (const l of config.languages) {
    const option = document.createElement("option");
    option.value = l.code;
    option.lang = l.code;
    option.textContent = l.name;
    picker.append(option);
  }
  picker.value = lang;
  picker.addEventListener("change", () => switchLanguage(picker.value, true));
  $("exit").addEventListener("click", quickExit);
  $("delete").addEventListener("click", deleteConversation);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.preventDefault(); quickExit(); }
  });
  if (config.embedded) {
    const close = $("close");
    close.hidden = false;
    close.addEventListener("click", () => window.parent.postMessage({ type: "chat-close" }, "*"));
  }
  $("form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    if (text.toLowerCase() === "/forget") deleteConversation();
    else send(text, text);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("form").requestSubmit(); }
  });

  (async () => {
    const remembered = store.get("lang");  // chosen earlier in this tab
    if (remembered && remembered !== lang) await switchLanguage(remembered, false);
    if (!store.get("started")) {  // a new conversation in this tab: the assistant says hello
      store.set("started", "1");
      send("/greet");
    }
  })();
})();
