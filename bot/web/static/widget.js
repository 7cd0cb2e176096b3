/* The community safety chat widget.
 *
 * Not loaded from here directly: bot/web/site.py serves it at /widget.js, wrapped with the
 * socket.io client, the widget's markup (bot/web/templates/site/widget.html) and every supported
 * language's words for its chrome (`catalogue`: data/languages/widget.yml and its translations),
 * so that a council site embeds it with one tag:
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
 *
 * Languages (issue #15). Each message says the language it is in (`language`; the English half
 * of a danger reply said in both languages has `text_language: "en"`, or its English under
 * `english`): every message from the assistant gets that `lang` and `dir`, and so do its
 * buttons (a button that chooses a language, that language's). The resident's messages get
 * dir="auto". The language menu in the top bar sends `/choose_language{"language": CODE}`, and
 * the widget's own words, the panel's `lang` and `dir` and the menu follow the language the
 * assistant answers in, whether the resident chose it or the assistant recognised it.
 */
function startChatWidget(io, markup, script, catalogue) {
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
  const ENGLISH = "en";
  const CHOOSE_LANGUAGE = /^\/choose_language(\{.*\})$/;
  const languages = (catalogue && catalogue.languages) || {};
  const DEFAULT_LANGUAGE = (catalogue && catalogue.default) || ENGLISH;

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
  const languageToggle = part("language-toggle");
  const languageCurrent = part("language-current");
  const languageMenu = part("languages");
  const languageButtons = Array.from(root.querySelectorAll("[data-csp-language]"));

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
  let language = DEFAULT_LANGUAGE; // the language of the widget's words and of the conversation
  let statusKey = ""; // the word the status line shows, to show it again in another language

  // ---- languages ----
  function isLanguage(code) {
    return typeof code === "string" && Object.prototype.hasOwnProperty.call(languages, code);
  }

  function directionOf(code) {
    return isLanguage(code) && languages[code].dir === "rtl" ? "rtl" : "ltr";
  }

  // One of the widget's own words (data/languages/widget.yml), in the widget's language.
  function say(key) {
    const own = isLanguage(language) ? languages[language].words : {};
    const fallback = isLanguage(DEFAULT_LANGUAGE) ? languages[DEFAULT_LANGUAGE].words : {};
    if (typeof own[key] === "string") return own[key];
    return typeof fallback[key] === "string" ? fallback[key] : "";
  }

  // The language one of the widget's words is shown in: English while it has no translation.
  function wordLanguage(key) {
    const own = isLanguage(language) ? languages[language].untranslated || [] : [];
    return own.includes(key) ? ENGLISH : language;
  }

  // Gives `node` the language's lang and dir (nothing for a language the widget does not know).
  function speak(node, code) {
    if (!isLanguage(code)) return node;
    node.lang = code;
    node.dir = directionOf(code);
    return node;
  }

  // Puts the widget's own words, the panel's lang and dir and the menu into `code`.
  function showLanguage(code) {
    if (!isLanguage(code) || code === language) return;
    language = code;
    speak(root, code);
    speak(panel, code);
    root.querySelectorAll("[data-csp-word]").forEach((node) => {
      node.textContent = say(node.dataset.cspWord);
      if (wordLanguage(node.dataset.cspWord) !== code) {
        speak(node, ENGLISH); // no translation yet: the English, said as English
      } else {
        node.removeAttribute("lang");
        node.removeAttribute("dir");
      }
    });
    [root, ...root.querySelectorAll("[data-csp-word-label]")].forEach((node) => {
      node.setAttribute("aria-label", say(node.dataset.cspWordLabel));
    });
    speak(languageCurrent, code).textContent = languages[code].name;
    languageButtons.forEach((button) => {
      if (button.dataset.cspLanguage === code) {
        button.setAttribute("aria-current", "true");
      } else {
        button.removeAttribute("aria-current");
      }
    });
    if (statusKey) setStatus(statusKey);
  }

  function openLanguages() {
    languageMenu.hidden = false;
    languageToggle.setAttribute("aria-expanded", "true");
    scrollToTop(body, languageMenu);
    const current = languageButtons.find((button) => button.dataset.cspLanguage === language);
    (current || languageButtons[0]).focus();
  }

  function closeLanguages(focusToggle) {
    languageMenu.hidden = true;
    languageToggle.setAttribute("aria-expanded", "false");
    if (focusToggle) languageToggle.focus();
  }

  function languageChoice(code) {
    return '/choose_language{"language": "' + code + '"}';
  }

  // The resident chose a language in the menu: the assistant switches to it and says so.
  function chooseLanguage(code) {
    closeLanguages(false);
    showLanguage(code);
    send(languageChoice(code));
    input.focus({ preventScroll: true }); // the assistant's answer is what comes into view
  }

  // The language a button chooses, if it is one of the assistant's language buttons.
  function chosenBy(payload) {
    const match = CHOOSE_LANGUAGE.exec(payload);
    if (!match) return null;
    try {
      const code = JSON.parse(match[1]).language;
      return isLanguage(code) ? code : null;
    } catch (error) {
      return null;
    }
  }

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
    anchor.dir = "ltr"; // numbers and addresses keep their order in right-to-left words
    anchor.textContent = match[0];
    if (match[1]) {
      anchor.href = match[1];
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
      const note = speak(document.createElement("span"), wordLanguage("new_tab"));
      note.className = "govuk-visually-hidden";
      note.textContent = say("new_tab");
      anchor.append(note);
    } else if (match[2]) {
      anchor.href = "mailto:" + match[2];
    } else {
      anchor.href = "tel:" + match[3].replace(/\D/g, "");
    }
    return anchor;
  }

  // A message: the assistant's in the language it says it is in; the resident's in the direction
  // of its own first letters (dir="auto"). "You said" and "The assistant said" are the widget's
  // words, in its language, with their own lang and dir (so dir="auto" does not read them).
  function message(kind, code) {
    const item = document.createElement("div");
    item.className = "csp-chat__message csp-chat__message--" + kind;
    if (kind === "user") {
      item.dir = "auto";
    } else {
      speak(item, code);
    }
    const said = kind === "user" ? "you_said" : "assistant_said";
    const speaker = speak(document.createElement("span"), wordLanguage(said));
    speaker.className = "govuk-visually-hidden";
    speaker.textContent = say(said);
    item.append(speaker);
    return item;
  }

  function appendMessage(kind, text, code) {
    const item = message(kind, code);
    appendText(item, text, kind === "bot");
    show(item, kind === "bot");
  }

  // The English that follows a translation in a reply said in both languages, marked as English.
  function englishOf(data, field) {
    const english = data.english;
    if (!english || typeof english !== "object") return "";
    return typeof english[field] === "string" ? english[field] : "";
  }

  function paragraph(parent, text, code) {
    if (typeof text !== "string" || !text.trim()) return;
    const node = document.createElement("p");
    node.className = "csp-chat__paragraph";
    if (code) speak(node, code);
    appendText(node, text, true);
    parent.append(node);
  }

  // A danger reply: GOV.UK's warning text, a large link that calls, then the rest.
  function appendDanger(data, code) {
    const item = message("danger", code);
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
    hidden.textContent = say("warning");
    speak(hidden, wordLanguage("warning"));
    words.append(hidden, " " + data.warning);
    const warningInEnglish = englishOf(data, "warning");
    if (warningInEnglish) {
      const english = speak(document.createElement("span"), ENGLISH);
      english.className = "csp-chat__english";
      english.textContent = warningInEnglish;
      words.append(english);
    }
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
    paragraph(item, englishOf(data, "text"), ENGLISH);
    show(item, true);
  }

  // A route: its first door in view, the other doors behind a disclosure.
  function appendRoute(data, code) {
    const item = message("bot", code);
    paragraph(item, data.text);
    paragraph(item, englishOf(data, "text"), ENGLISH);
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

  // One of the widget's own notes (by key), in its language.
  function appendNote(key) {
    const note = speak(document.createElement("p"), wordLanguage(key));
    note.className = "csp-chat__note";
    note.textContent = say(key);
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

  // The assistant's buttons, in its language (one that chooses a language: in that language).
  // The group's name is the widget's word, so the group has the widget's language.
  function appendChoices(choices, code) {
    // Laid out in the direction of the buttons' language; named in the widget's.
    const group = speak(document.createElement("div"), wordLanguage("choices"));
    group.dir = directionOf(code || language);
    group.className = "csp-chat__choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", say("choices"));
    for (const choice of choices) {
      const title = typeof choice.title === "string" ? choice.title : "";
      const payload = typeof choice.payload === "string" ? choice.payload : title;
      if (!title) continue;
      const button = speak(document.createElement("button"), chosenBy(payload) || code);
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
  // Shows one of the widget's words (by key) in the status line, or nothing.
  function setStatus(key) {
    statusKey = key || "";
    status.textContent = statusKey ? say(statusKey) : "";
    speak(status, statusKey ? wordLanguage(statusKey) : language);
  }

  function awaitReply() {
    window.clearTimeout(typingTimer);
    window.clearTimeout(replyTimer);
    setStatus("typing");
    replyTimer = window.setTimeout(() => {
      setStatus("");
      appendNote("no_answer");
    }, REPLY_TIMEOUT_MS);
  }

  function replyArrived() {
    window.clearTimeout(replyTimer);
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => setStatus(""), TYPING_AFTER_REPLY_MS);
  }

  function replyFailed(key) {
    window.clearTimeout(replyTimer);
    window.clearTimeout(typingTimer);
    setStatus("");
    appendNote(key);
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
    // The conversation's language is the one the assistant answers in: the widget follows it.
    const spoken = isLanguage(data.language) ? data.language : null;
    if (spoken) showLanguage(spoken);
    const written = isLanguage(data.text_language) ? data.text_language : spoken;
    if (typeof data.warning === "string" && data.warning.trim()) {
      appendDanger(data, written);
    } else if (typeof data.more_title === "string") {
      appendRoute(data, written);
    } else if (typeof data.text === "string" && data.text.trim()) {
      appendMessage("bot", data.text, written);
    }
    const choices = Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons;
    if (Array.isArray(choices) && choices.length) appendChoices(choices, spoken || written);
    replyArrived();
  }

  function connect() {
    if (socket) return;
    ended.hidden = true;
    setStatus("connecting");
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
      if (statusKey === "connecting" || statusKey === "unavailable") setStatus("");
      if (!greeted) {
        greeted = true;
        stillHere(); // a reconnection is not the resident doing something: only the first time
        if (resumed) {
          appendNote("resumed");
          answering = true; // the server sends the help already given again
        } else if (!waiting.length) {
          // A new conversation after one in another language (it ended while the resident was
          // away) starts in that language: choosing it is the greeting.
          answering = true;
          emit(language === DEFAULT_LANGUAGE ? "/greet" : languageChoice(language));
          awaitReply();
        }
      }
      const queued = waiting;
      waiting = [];
      queued.forEach(emit);
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("chat_error", () => replyFailed("not_read"));
    socket.on("connect_error", () => {
      window.clearTimeout(replyTimer);
      setStatus("unavailable");
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
    const overlay = speak(document.createElement("div"), wordLanguage("exit_activated"));
    overlay.className = "govuk-exit-this-page-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = say("exit_activated");
    document.body.append(overlay);
    // replace(): the chat page leaves this tab's history, so Back does not return to it.
    window.location.replace(exitButton.href);
  }

  function exitSays(key) {
    speak(exitStatus, wordLanguage(key)).textContent = say(key);
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
    exitSays("exit_timed_out");
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
      exitSays(shiftPresses === 1 ? "exit_press_twice" : "exit_press_once");
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
    closeLanguages(false);
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
    if (event.key !== "Escape") return;
    if (languageMenu.hidden) {
      close();
    } else {
      closeLanguages(true); // Escape closes the language menu first, then the chat
    }
  });
  languageToggle.addEventListener("click", () => {
    if (languageMenu.hidden) {
      openLanguages();
    } else {
      closeLanguages(true);
    }
  });
  languageButtons.forEach((button) => {
    button.addEventListener("click", () => chooseLanguage(button.dataset.cspLanguage));
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
