/* The community safety chat widget.
 *
 * Not loaded from here directly: bot/web/site.py serves it at /widget.js, wrapped with the
 * socket.io client and the widget's markup (bot/web/templates/site/widget.html, which holds
 * every word of the widget's chrome), so that a council site embeds it with one tag:
 *
 *   <script src="https://CHAT-SERVER/widget.js" data-default-borough="pendle" defer></script>
 *
 * Settings, as data- attributes of that tag:
 *   data-chat-server      where Rasa's socket.io channel is (default: where the script came from)
 *   data-default-borough  the council's borough id: a hint sent with each message, so that the
 *                         assistant lists it first when it asks where (never taken as the answer)
 *   data-exit-url         where "Exit this page" goes (default: BBC Weather, as GOV.UK does)
 *   data-idle-minutes     the conversation ends after this long with nothing done (default 10,
 *                         at least 2: the warning comes a minute before)
 *
 * Rules this file keeps:
 * - what the resident or the assistant says goes into the page as text (textContent and text
 *   nodes), never as HTML;
 * - nothing is stored on the device but the session id (sessionStorage), removed on exit and when
 *   the conversation ends; no message is ever written to any storage;
 * - no inline styles or scripts (the pages' Content-Security-Policy forbids them);
 * - a new answer is shown from its first message, not scrolled to its last;
 * - once the resident sends anything, every earlier choice is disabled;
 * - while the panel covers the whole screen, the page behind it is inert.
 *
 * What the assistant sends over socket.io is plain text, or (domain.yml's socketio variants)
 * an object: {warning, call: {title, phone}, text} for a danger reply, shown in GOV.UK's
 * warning style with a large link that calls; {text, more, more_title} for a route, its
 * first door in view and the others behind a "More ways to get help" disclosure.
 */
function startChatWidget(io, markup, script) {
  "use strict";
  if (document.querySelector("[data-csp-root]")) return; // the tag was added twice

  const SESSION_KEY = "csp-chat-session";
  const REPLY_TIMEOUT_MS = 30000;
  const TYPING_AFTER_REPLY_MS = 800; // replies come as several messages: stay "typing" briefly
  const SHIFT_WINDOW_MS = 5000; // Shift three times within this, as GOV.UK's component does
  const IDLE_WARNING_MS = 60000; // the warning (WCAG 2.2.1) says "in 1 minute"
  const MIN_IDLE_MINUTES = 2;
  // Web addresses, emails and UK phone numbers: 8 to 11 digits from 0 (0800 1111, 0808 2000
  // 247, 01254 388111), textphone numbers after Relay UK's 18001, Relay UK's 18000 itself,
  // 116 123, and 999, 101 and 111 (not 999 in "999BSL").
  const LINK_PATTERN =
    /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'])|([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|(\b(?:18001 ?)?(?:0\d(?: ?\d){6,9}|101|111|999)\b|\b18000\b|\b116 ?123\b)/g;
  // Only a full-screen panel makes the page behind it inert (GOV.UK's tablet breakpoint).
  const FULL_SCREEN = "(max-width: 40.0525em)";

  // The widget's markup comes from our own server, never from a message.
  const template = document.createElement("template");
  template.innerHTML = markup;
  const root = template.content.firstElementChild;
  const part = (name) => root.querySelector("[data-csp-" + name + "]");
  const launcher = part("launcher");
  const panel = part("panel");
  const closeButton = part("close");
  const exitButton = part("exit");
  const exitIndicator = part("exit-indicator");
  const exitStatus = part("exit-status");
  const log = part("log");
  const body = part("body");
  const status = part("status");
  const idleWarning = part("idle-warning");
  const ended = part("ended");
  const form = part("form");
  const input = part("input");
  const texts = part("texts").dataset;

  const scriptUrl = new URL(script.src, document.baseURI);
  const chatServer = new URL(script.dataset.chatServer || scriptUrl.origin, document.baseURI);
  const defaultBorough = script.dataset.defaultBorough || "";
  const idleMinutes = Math.max(Number(script.dataset.idleMinutes) || 10, MIN_IDLE_MINUTES);
  const idleMs = idleMinutes * 60000;
  if (script.dataset.exitUrl) {
    exitButton.href = new URL(script.dataset.exitUrl, document.baseURI).href;
  }

  let socket = null;
  let sessionId = null;
  let greeted = false;
  let waiting = []; // messages typed before the session was confirmed
  let replyTimer = null;
  let typingTimer = null;
  let warningTimer = null;
  let idleTimer = null;
  let answerStart = null; // the first message of the answer now arriving, kept in view
  let answering = false; // the next message from the assistant starts a new answer
  let madeInert = []; // what open() made inert, for close() to give back

  // ---- storage: the session id only ----
  function storedSession() {
    try {
      return window.sessionStorage.getItem(SESSION_KEY);
    } catch (error) {
      return null; // storage switched off: the conversation simply does not survive a reload
    }
  }

  function storeSession(id) {
    try {
      if (id) {
        window.sessionStorage.setItem(SESSION_KEY, id);
      } else {
        window.sessionStorage.removeItem(SESSION_KEY);
      }
    } catch (error) {
      // as above
    }
  }

  // ---- showing messages, as text only ----
  function appendText(parent, text, linked) {
    let last = 0;
    if (linked) {
      for (const match of text.matchAll(LINK_PATTERN)) {
        parent.append(text.slice(last, match.index));
        parent.append(link(match));
        last = match.index + match[0].length;
      }
    }
    parent.append(text.slice(last));
  }

  function link(match) {
    const anchor = document.createElement("a");
    anchor.className = "govuk-link";
    anchor.textContent = match[0];
    if (match[1]) {
      anchor.href = match[1];
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
      const note = document.createElement("span");
      note.className = "govuk-visually-hidden";
      note.textContent = texts.newTab;
      anchor.append(note);
    } else if (match[2]) {
      anchor.href = "mailto:" + match[2];
    } else {
      anchor.href = "tel:" + match[3].replace(/\D/g, "");
    }
    return anchor;
  }

  function message(kind) {
    const item = document.createElement("div");
    item.className = "csp-chat__message csp-chat__message--" + kind;
    const speaker = document.createElement("span");
    speaker.className = "govuk-visually-hidden";
    speaker.textContent = kind === "user" ? texts.youSaid : texts.assistantSaid;
    item.append(speaker);
    return item;
  }

  function appendMessage(kind, text) {
    const item = message(kind);
    appendText(item, text, kind === "bot");
    show(item, kind === "bot");
  }

  function paragraph(parent, text) {
    if (typeof text !== "string" || !text.trim()) return;
    const node = document.createElement("p");
    node.className = "csp-chat__paragraph";
    appendText(node, text, true);
    parent.append(node);
  }

  // A danger reply: GOV.UK's warning text, a large link that calls, then the rest.
  function appendDanger(data) {
    const item = message("danger");
    const warning = document.createElement("div");
    warning.className = "govuk-warning-text csp-chat__warning";
    const icon = document.createElement("span");
    icon.className = "govuk-warning-text__icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "!";
    const words = document.createElement("strong");
    words.className = "govuk-warning-text__text";
    const hidden = document.createElement("span");
    hidden.className = "govuk-visually-hidden";
    hidden.textContent = texts.warning;
    words.append(hidden, " " + data.warning);
    warning.append(icon, words);
    item.append(warning);
    const call = data.call;
    if (call && typeof call.title === "string" && typeof call.phone === "string") {
      const anchor = document.createElement("a");
      anchor.className = "govuk-button govuk-button--warning csp-chat__call";
      anchor.href = "tel:" + call.phone.replace(/\D/g, "");
      anchor.textContent = call.title;
      item.append(anchor);
    }
    paragraph(item, data.text);
    show(item, true);
  }

  // A route: its first door in view, the other doors behind a disclosure.
  function appendRoute(data) {
    const item = message("bot");
    paragraph(item, data.text);
    if (typeof data.more === "string" && data.more.trim()) {
      const details = document.createElement("details");
      details.className = "govuk-details csp-chat__more";
      const summary = document.createElement("summary");
      summary.className = "govuk-details__summary";
      const title = document.createElement("span");
      title.className = "govuk-details__summary-text";
      title.textContent = data.more_title;
      summary.append(title);
      const more = document.createElement("div");
      more.className = "govuk-details__text";
      appendText(more, data.more, true);
      details.append(summary, more);
      item.append(details);
    }
    show(item, true);
  }

  function appendNote(text) {
    const note = document.createElement("p");
    note.className = "csp-chat__note";
    note.textContent = text;
    show(note);
  }

  // Scrolls `container` so that `node` is at its top (no further than it can go).
  function scrollToTop(container, node) {
    const offset = node.getBoundingClientRect().top - container.getBoundingClientRect().top;
    container.scrollTop += offset - container.clientTop;
  }

  // Adds to the log. The resident's own message and notes scroll into view; an answer from
  // the assistant is shown from its first message, however many follow it.
  function show(node, fromAssistant) {
    log.append(node);
    if (fromAssistant && answering) {
      answering = false;
      answerStart = node;
    }
    if (fromAssistant && answerStart) {
      scrollToTop(log, answerStart);
      scrollToTop(body, answerStart);
      return;
    }
    answerStart = null;
    log.scrollTop = log.scrollHeight;
  }

  function appendChoices(choices) {
    const group = document.createElement("div");
    group.className = "csp-chat__choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", texts.choices);
    for (const choice of choices) {
      const title = typeof choice.title === "string" ? choice.title : "";
      const payload = typeof choice.payload === "string" ? choice.payload : title;
      if (!title) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "govuk-button govuk-button--secondary csp-chat__choice";
      button.textContent = title;
      button.addEventListener("click", () => {
        send(payload, title);
        input.focus({ preventScroll: true }); // the answer, not the box, is what comes into view
      });
      group.append(button);
    }
    show(group, true);
  }

  // Once the resident sends anything, no earlier choice can be pressed.
  function disableChoices() {
    log.querySelectorAll(".csp-chat__choice").forEach((button) => {
      button.disabled = true;
    });
  }

  // ---- typing state ----
  function setStatus(text) {
    status.textContent = text || "";
  }

  function awaitReply() {
    window.clearTimeout(typingTimer);
    window.clearTimeout(replyTimer);
    setStatus(texts.typing);
    replyTimer = window.setTimeout(() => {
      setStatus("");
      appendNote(texts.noAnswer);
    }, REPLY_TIMEOUT_MS);
  }

  function replyArrived() {
    window.clearTimeout(replyTimer);
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => setStatus(""), TYPING_AFTER_REPLY_MS);
  }

  function replyFailed(text) {
    window.clearTimeout(replyTimer);
    window.clearTimeout(typingTimer);
    setStatus("");
    appendNote(text);
  }

  // ---- the conversation ----
  function metadata() {
    return defaultBorough ? { default_borough: defaultBorough } : {};
  }

  function emit(message) {
    socket.emit("user_uttered", {
      message: message,
      session_id: sessionId,
      metadata: metadata(),
    });
  }

  function send(message, shown) {
    disableChoices();
    if (shown) appendMessage("user", shown);
    answering = true;
    connect();
    if (sessionId && socket.connected) {
      emit(message);
    } else {
      waiting.push(message);
    }
    awaitReply();
    stillHere();
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") return;
    if (typeof data.warning === "string" && data.warning.trim()) {
      appendDanger(data);
    } else if (typeof data.more_title === "string") {
      appendRoute(data);
    } else if (typeof data.text === "string" && data.text.trim()) {
      appendMessage("bot", data.text);
    }
    const choices = Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons;
    if (Array.isArray(choices) && choices.length) appendChoices(choices);
    replyArrived();
  }

  function connect() {
    if (socket) return;
    ended.hidden = true;
    setStatus(texts.connecting);
    const path = chatServer.pathname.replace(/\/$/, "") + "/socket.io";
    socket = io(chatServer.origin, {
      path: path,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionAttempts: 5,
    });
    socket.on("connect", () => {
      // After a reload, the server sends the help already given again; not on a reconnection.
      socket.emit("session_request", { session_id: storedSession(), show_again: !greeted });
    });
    socket.on("session_confirm", (id) => {
      const resumed = id === storedSession();
      sessionId = id;
      storeSession(id);
      if (status.textContent === texts.connecting || status.textContent === texts.unavailable) {
        setStatus("");
      }
      if (!greeted) {
        greeted = true;
        stillHere(); // a reconnection is not the resident doing something: only the first time
        if (resumed) {
          appendNote(texts.resumed);
          answering = true; // the server sends the help already given again
        } else if (!waiting.length) {
          answering = true;
          emit("/greet");
          awaitReply();
        }
      }
      const queued = waiting;
      waiting = [];
      queued.forEach(emit);
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("chat_error", () => replyFailed(texts.notRead));
    socket.on("connect_error", () => {
      window.clearTimeout(replyTimer);
      setStatus(texts.unavailable);
    });
  }

  // Clears the conversation from the screen and the device and closes the connection.
  function forget() {
    for (const timer of [replyTimer, typingTimer, warningTimer, idleTimer]) {
      window.clearTimeout(timer);
    }
    if (socket) {
      socket.off();
      socket.disconnect();
      socket = null;
    }
    sessionId = null;
    greeted = false;
    waiting = [];
    storeSession(null);
    log.replaceChildren();
    setStatus("");
    input.value = "";
    idleWarning.hidden = true;
  }

  // ---- ending after inactivity ----
  function stillHere() {
    window.clearTimeout(warningTimer);
    window.clearTimeout(idleTimer);
    idleWarning.hidden = true;
    if (!socket) return;
    warningTimer = window.setTimeout(() => {
      idleWarning.hidden = false;
    }, idleMs - IDLE_WARNING_MS);
    idleTimer = window.setTimeout(endForInactivity, idleMs);
  }

  function endForInactivity() {
    const focusWasInside = root.contains(document.activeElement);
    forget();
    ended.hidden = false;
    if (focusWasInside && !panel.hidden) part("restart").focus();
  }

  // ---- Exit this page (GOV.UK pattern: the button, or Shift pressed three times) ----
  let shiftPresses = 0;
  let lastKeyWasModified = false;
  let shiftTimer = null;
  let exitMessageTimer = null;

  function exitPage(event) {
    if (event) event.preventDefault();
    forget();
    exitStatus.textContent = "";
    document.body.classList.add("govuk-exit-this-page-hide-content");
    const overlay = document.createElement("div");
    overlay.className = "govuk-exit-this-page-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = texts.exitActivated;
    document.body.append(overlay);
    // replace(): the chat page leaves this tab's history, so Back does not return to it.
    window.location.replace(exitButton.href);
  }

  function showShiftPresses() {
    exitIndicator.classList.toggle("govuk-exit-this-page__indicator--visible", shiftPresses > 0);
    exitIndicator.querySelectorAll(".govuk-exit-this-page__indicator-light").forEach((light, i) => {
      light.classList.toggle("govuk-exit-this-page__indicator-light--on", i < shiftPresses);
    });
  }

  function resetShift() {
    window.clearTimeout(shiftTimer);
    shiftTimer = null;
    shiftPresses = 0;
    exitStatus.textContent = texts.exitTimedOut;
    exitMessageTimer = window.setTimeout(() => {
      exitStatus.textContent = "";
    }, SHIFT_WINDOW_MS);
    showShiftPresses();
  }

  function onKeyUp(event) {
    if (event.key === "Shift" && !lastKeyWasModified) {
      shiftPresses += 1;
      showShiftPresses();
      window.clearTimeout(exitMessageTimer);
      window.clearTimeout(shiftTimer);
      if (shiftPresses >= 3) {
        shiftPresses = 0;
        exitPage();
        return;
      }
      exitStatus.textContent = shiftPresses === 1 ? texts.exitPressTwice : texts.exitPressOnce;
      shiftTimer = window.setTimeout(resetShift, SHIFT_WINDOW_MS);
    } else if (shiftTimer) {
      resetShift();
    }
    lastKeyWasModified = event.shiftKey;
  }

  // ---- the page behind a full-screen panel ----
  const fullScreen = window.matchMedia(FULL_SCREEN);

  function releasePage() {
    madeInert.forEach((node) => {
      node.inert = false;
    });
    madeInert = [];
  }

  // While the panel covers the screen, Tab and a screen reader stay in it (WCAG 2.4.11).
  function holdPage() {
    releasePage();
    if (panel.hidden || !fullScreen.matches) return;
    madeInert = Array.from(document.body.children).filter(
      (node) => node !== root && !node.inert && node.tagName !== "SCRIPT",
    );
    madeInert.forEach((node) => {
      node.inert = true;
    });
  }

  // ---- opening and closing ----
  function open() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    holdPage();
    if (ended.hidden) connect();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    releasePage();
    launcher.focus();
  }

  launcher.addEventListener("click", open);
  fullScreen.addEventListener("change", holdPage);
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  exitButton.addEventListener("click", exitPage);
  exitButton.addEventListener("keydown", (event) => {
    if (event.key === " ") exitPage(event); // a link with role="button" answers Space too
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
  });
  part("keep").addEventListener("click", () => {
    stillHere();
    input.focus();
  });
  part("restart").addEventListener("click", () => {
    connect();
    input.focus();
  });
  root.addEventListener("keydown", () => socket && stillHere());
  root.addEventListener("pointerdown", () => socket && stillHere());
  document.addEventListener("keyup", onKeyUp, true);
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return; // back from the cache after leaving: undo the exit screen
    document.body.classList.remove("govuk-exit-this-page-hide-content");
    document.querySelectorAll(".govuk-exit-this-page-overlay").forEach((node) => node.remove());
  });

  // The widget's own styles, unless the page already links them.
  const stylesheet = new URL("assets/chat-widget.css", scriptUrl).href;
  const linked = Array.from(document.querySelectorAll('link[rel="stylesheet"]'));
  if (!linked.some((node) => node.href === stylesheet)) {
    const node = document.createElement("link");
    node.rel = "stylesheet";
    node.href = stylesheet;
    document.head.append(node);
  }
  document.body.append(root);
}
