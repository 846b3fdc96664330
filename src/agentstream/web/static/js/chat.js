// Chat: the conversation list, a thread of turns, and the answer streamed as it comes, with its
// steps (thoughts, the SQL that ran, the documents retrieved), its sources, a stop button and
// automatic resume after a network drop.

import { api, ApiError, authHeaders, readEventStream, watchStream } from "./api.js";
import { errorBlock, focusHeading, h, notify, plural, when } from "./dom.js";
import { renderInto } from "./markdown.js";
import { liveRegion, StreamSpeaker } from "./speech.js";

const EXAMPLES = [
  "How many technicians are active?",
  "Which urgent work orders are still open?",
  "What is the overtime policy?",
  "Who has the most scheduled work orders, and what does the SLA say about urgent ones?",
];

/** Renders the chat view into `root` for a conversation id (null: a new chat). */
export async function showChat(root, conversationId) {
  const list = h("ul", { class: "conversation-list", "aria-label": "Conversations" });
  const thread = h("div", { class: "thread", "aria-label": "Messages" });
  const speech = liveRegion();
  const input = h("textarea", {
    id: "chat-input",
    rows: 2,
    maxlength: 2000,
    placeholder: "Ask about technicians, work orders, customers or the policies…",
    "aria-label": "Your question",
    required: true,
  });
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const stop = h("button", { type: "button", class: "danger", hidden: true }, "Stop");
  const connection = h("span", { class: "connection", role: "status" });
  const form = h("form", { class: "composer" }, input, h("div", { class: "composer-actions" }, connection, stop, send));
  const heading = h("h1", { class: "sr-only" }, "Chat");

  root.replaceChildren(
    h("div", { class: "chat-layout" },
      h("aside", { class: "sidebar" },
        h("a", { class: "button primary new-chat", href: "#/chat" }, "+ New chat"),
        h("h2", { class: "sidebar-title" }, "Conversations"),
        list),
      h("section", { class: "chat-main" }, heading, thread, form, speech.element)),
  );

  // `listed`: the conversations the list showed, to tell a new chat's own among them.
  const state = { conversationId, turn: null, listed: new Set() };

  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter starts a new line (as in most chat apps).
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question || state.turn) return;
    input.value = "";
    ask(question);
  });
  stop.addEventListener("click", () => state.turn && state.turn.stop());

  async function loadList() {
    try {
      const page = await api("/api/conversations?limit=100");
      state.listed = new Set(page.conversations.map((c) => c.id));
      list.replaceChildren(
        ...page.conversations.map((c) =>
          h("li", {},
            h("a", {
              href: `#/chat/${encodeURIComponent(c.id)}`,
              "aria-current": c.id === state.conversationId ? "page" : null,
              // The title is cut to fit the list: the whole of it on hover.
              title: c.title || null,
            }, h("span", { class: "title" }, c.title || "Untitled"), h("span", { class: "meta" }, when(c.updated_at)))),
        ),
      );
      if (!page.conversations.length) list.replaceChildren(h("li", { class: "empty" }, "No conversations yet."));
    } catch (error) {
      list.replaceChildren(h("li", { class: "empty" }, `Could not load: ${error.message}`));
    }
  }

  async function loadThread() {
    if (!state.conversationId) {
      thread.replaceChildren(
        h("div", { class: "welcome" },
          h("h2", {}, "Ask the field-service assistant"),
          h("p", {}, "It answers from the company's data (SQL) and its policy documents, and shows how."),
          h("div", { class: "examples" },
            EXAMPLES.map((example) => h("button", { type: "button", class: "secondary", onclick: () => ask(example) }, example)))),
      );
      return;
    }
    try {
      const conversation = await api(`/api/conversations/${encodeURIComponent(state.conversationId)}`);
      thread.replaceChildren();
      let pending = null;
      for (const message of conversation.messages) {
        if (message.role === "user") {
          pending = newTurn(message.content);
        } else if (pending) {
          pending.showStored(message);
          pending = null;
        }
      }
      // The latest turn is what a reader comes back for.
      thread.scrollTop = thread.scrollHeight;
      focusHeading(root, conversation.title || "Chat");
    } catch (error) {
      thread.replaceChildren(errorBlock(error, loadThread, ["#/chat", "Start a new chat"]));
    }
  }

  function newTurn(question) {
    const steps = h("ol", { class: "steps" });
    const stepsBox = h("details", { class: "steps-box", hidden: true }, h("summary", {}, "Steps"), steps);
    const answer = h("div", { class: "answer markdown" });
    const sources = h("div", { class: "sources", hidden: true });
    const status = h("div", { class: "turn-status" });
    const block = h("article", { class: "turn" },
      h("div", { class: "bubble user" }, h("span", { class: "sr-only" }, "You asked: "), question),
      h("div", { class: "bubble assistant", "aria-busy": "false" }, stepsBox, answer, sources, status));
    thread.querySelector(".welcome")?.remove();
    thread.append(block);
    thread.scrollTop = thread.scrollHeight;
    return new Turn({ block, steps, stepsBox, answer, sources, status, thread });
  }

  async function ask(question) {
    const turn = newTurn(question);
    state.turn = turn;
    send.disabled = true;
    stop.hidden = false;
    try {
      await turn.run(question, state.conversationId, {
        onConnection: (text) => { connection.textContent = text; },
        announce: speech.say,
        onStarted: listNewConversation,
      });
      showConversation(turn.metadata && turn.metadata.conversation_id);
      // A question the service never took is the user's still: it waits in the box to be sent again.
      if (!turn.sent && !input.value.trim()) input.value = question;
    } finally {
      state.turn = null;
      send.disabled = false;
      stop.hidden = true;
      connection.textContent = "";
      input.focus();
      loadList();
    }
  }

  /** Names the conversation shown: marked in the list, and in the hash for a reload or a
   * bookmark (the page stays as it is). */
  function showConversation(id) {
    if (!id || id === state.conversationId) return;
    state.conversationId = id;
    const href = `#/chat/${encodeURIComponent(id)}`;
    history.replaceState(null, "", href);
    for (const link of list.querySelectorAll("a")) {
      if (link.getAttribute("href") === href) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  /** The service stored the question (and a new conversation) before answering: it is listed
   * now, and a new chat's conversation, the one the list did not have, is the one shown. */
  async function listNewConversation() {
    const known = state.listed;
    await loadList();
    if (state.conversationId) return;
    const added = [...state.listed].filter((id) => !known.has(id));
    if (added.length === 1) showConversation(added[0]);
  }

  await Promise.all([loadList(), loadThread()]);
  if (!state.conversationId) focusHeading(root, "Chat");
  input.focus();
}

/** One question and its answer as it streams. */
class Turn {
  constructor(parts) {
    Object.assign(this, parts);
    this.text = "";
    this.lastId = 0;
    this.metadata = null;
    this.runId = null;
    this.stopped = false;
    this.controller = new AbortController();
    this.sent = false;
    this.renderScheduled = false;
  }

  /** Streams the answer to the end: the POST's own stream, then (after a drop) the run's. */
  async run(question, conversationId, { onConnection, announce, onStarted }) {
    this.speaker = new StreamSpeaker(announce);
    this.assistant().setAttribute("aria-busy", "true");
    this.status.replaceChildren(h("span", { class: "typing" }, "Thinking…"));
    let response;
    try {
      response = await fetch("/api/chat/stream", {
        method: "POST",
        headers: authHeaders({ "Content-Type": "application/json", Accept: "text/event-stream" }),
        body: JSON.stringify({ message: question, conversation_id: conversationId || null }),
        signal: this.controller.signal,
        credentials: "omit",
      });
    } catch {
      return this.fail("The question could not be sent: the service cannot be reached.");
    }
    if (!response.ok) {
      let message = `The service answered ${response.status}.`;
      try {
        const body = await response.json();
        message = body.error.message + (Array.isArray(body.error.details) ? ": " + body.error.details.map((d) => d.message).join("; ") : "");
      } catch { /* keep the status */ }
      return this.fail(message);
    }
    this.sent = true;
    this.runId = response.headers.get("X-Run-ID");
    onStarted();
    try {
      for await (const frame of readEventStream(response)) {
        if (this.handle(frame.id, frame.data)) return this.finish();
      }
    } catch {
      // The connection dropped mid-answer: resumed below, unless the user stopped the turn.
    }
    if (this.metadata) return this.finish();
    if (!this.runId) return this.fail("The answer stopped before it began.");
    await this.resume(onConnection);
    await this.reconcile();
    return this.finish();
  }

  /** After a resume, the stored answer is the reference: a replay that came after the run's
   * live tokens were dropped carries its facts and its end, not every token. */
  async reconcile() {
    const id = this.metadata && this.metadata.conversation_id;
    if (!id) return;
    try {
      const conversation = await api(`/api/conversations/${encodeURIComponent(id)}`);
      const stored = conversation.messages.find((m) => m.run_id === this.runId && m.role === "assistant");
      if (stored && stored.content.length > this.text.length) this.text = stored.content;
    } catch {
      // The streamed text stands.
    }
  }

  /** Follows the run's stream from the last frame seen until its done frame. */
  resume(onConnection) {
    onConnection("Connection lost, resuming…");
    return new Promise((resolve) => {
      this.watch = watchStream({
        path: `/api/chat/runs/${this.runId}/stream`,
        scope: { run_id: this.runId },
        names: ["message"],
        lastEventId: this.lastId,
        onEvent: (_name, data, id) => this.handle(id, data),
        onState: (state, detail) => {
          if (state === "live") onConnection("");
          else if (state === "reconnecting") onConnection("Connection lost, resuming…");
          else {
            if (detail instanceof ApiError) this.error(`Could not resume: ${detail.message}`);
            resolve();
          }
        },
      });
    });
  }

  /** Applies one frame (once: ids already seen are skipped); true once the turn is done. */
  handle(id, data) {
    if (id && id <= this.lastId) return false;
    if (id) this.lastId = id;
    const frame = typeof data === "string" ? JSON.parse(data) : data;
    if (frame.done) {
      this.metadata = frame.metadata || {};
      return true;
    }
    if (frame.type === "content") {
      this.text += frame.token;
      this.status.replaceChildren();
      this.scheduleRender();
    } else if (frame.type === "thought" || frame.type === "tool_call") {
      this.addStepOf(frame);
    } else if (frame.type === "error") {
      this.error(frame.token);
    }
    return false;
  }

  /** Runs `change` and keeps the newest text in view, unless the reader had scrolled up. */
  followBottom(change) {
    const thread = this.thread;
    const atBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 80;
    change();
    if (atBottom) thread.scrollTop = thread.scrollHeight;
  }

  scheduleRender() {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    requestAnimationFrame(() => {
      this.renderScheduled = false;
      this.followBottom(() => renderInto(this.answer, this.text));
      this.speaker.update(this.text);
    });
  }

  /** A thought or tool-call frame as a step: the same whether it streams or was stored. */
  addStepOf(frame) {
    if (frame.type === "thought") this.addStep("thought", frame.token);
    else this.addStep(frame.tool || "tool", frame.token, frame.detail);
  }

  addStep(kind, text, detail) {
    this.stepsBox.hidden = false;
    this.steps.append(stepItem(kind, text, detail));
    this.stepsBox.querySelector("summary").textContent = `Steps (${this.steps.children.length})`;
  }

  error(message) {
    this.block.classList.add("has-error");
    this.status.replaceChildren(h("div", { class: "error-block", role: "alert" }, message));
  }

  fail(message) {
    this.assistant().setAttribute("aria-busy", "false");
    this.error(message);
  }

  finish() {
    this.assistant().setAttribute("aria-busy", "false");
    this.speaker.finish(this.text);
    // The sources and the summary line come into view with the answer's end.
    this.followBottom(() => this.showEnd(this.metadata || {}));
  }

  showEnd(metadata) {
    renderInto(this.answer, this.text);
    this.showSources(metadata.sources || []);
    if (metadata.status === "cancelled") this.status.replaceChildren(h("span", { class: "muted" }, cutShort(metadata, this.stopped)));
    // A turn failed because the server stopped: said as a reader would put it, not as the run's reason.
    else if (metadata.status === "failed" && metadata.stop_cause) this.error(cutShort(metadata, false));
    else if (metadata.status !== "failed" && !this.block.classList.contains("has-error")) this.status.replaceChildren(summaryLine(metadata));
    if (!this.text && metadata.status === "completed") this.answer.replaceChildren(h("p", { class: "muted" }, "(no answer)"));
  }

  /** A stored answer of a past turn, with its sources. */
  showStored(message) {
    const details = message.details || {};
    this.text = message.content;
    renderInto(this.answer, message.content);
    if (details.steps) {
      for (const step of details.steps) this.addStepOf(step);
    } else {
      // An answer stored before its steps were: they are told from its sources.
      for (const source of details.sources || []) {
        if (source.type === "sql" || source.sql) this.addStep("sql", source.sql, source);
      }
      const documents = (details.sources || []).filter((s) => s.type === "document");
      if (documents.length) this.addStep("rag", "", { documents });
    }
    this.showSources(details.sources || []);
    if (message.status === "cancelled") this.status.replaceChildren(h("span", { class: "muted" }, cutShort(details, false)));
    else if (message.status === "failed") this.error(details.stop_cause ? cutShort(details, false) : details.error || "This answer failed.");
    else this.status.replaceChildren(summaryLine(details));
  }

  showSources(sources) {
    if (!sources.length) return;
    const items = [];
    const seen = new Set();
    // A document cited by its sections is listed by them, not once more as a whole.
    const bySection = new Set(sources.filter((s) => s.section).map((s) => s.id));
    for (const source of sources) {
      if (source.type === "document" || source.title) {
        const key = `${source.id}#${source.section || ""}`;
        if (seen.has(key) || (!source.section && bySection.has(source.id))) continue;
        seen.add(key);
        items.push(h("li", {}, documentLink(source)));
      } else if (source.sql) {
        items.push(h("li", {}, h("span", { class: "badge" }, "SQL"), ` ${rows(source.row_count)} from the database`));
      }
    }
    this.sources.hidden = false;
    this.sources.replaceChildren(h("h3", {}, "Sources"), h("ul", {}, items));
  }

  /** Cancels the turn on the service; the stream then ends with its done frame. */
  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.status.replaceChildren(h("span", { class: "muted" }, "Stopping…"));
    if (!this.runId) {
      this.controller.abort();
      return;
    }
    try {
      await api(`/api/chat/runs/${this.runId}/cancel`, { method: "POST" });
    } catch (error) {
      if (error.status === 409) return; // it ended on its own meanwhile
      notify(`Could not stop the answer: ${error.message}`);
      this.stopped = false;
    }
  }

  assistant() {
    return this.block.querySelector(".bubble.assistant");
  }
}

function documentLink(source) {
  const label = source.section ? `${source.title} — ${source.section}` : source.title;
  const section = source.section ? `?${new URLSearchParams({ section: source.section })}` : "";
  return h("a", { href: `#/documents/${encodeURIComponent(source.id)}${section}` }, h("span", { class: "badge" }, "Doc"), label);
}

/**
 * Why a cancelled turn did not finish, as the service recorded it (`stop_cause`): this page's
 * Stop, a cancel asked for elsewhere (another tab, the API, this page before a reload), the
 * grace period after its page lost the connection, or the server stopping.
 */
function cutShort(metadata, stoppedHere) {
  switch (metadata.stop_cause) {
    case "client_left":
      return "Cut short: the connection was lost for longer than the service waits, so it stopped the answer.";
    case "shutdown":
      return "Cut short: the server shut down before the answer finished.";
    case "requested":
      return stoppedHere ? "Stopped." : "Stopped before it finished.";
    default:
      // An answer stored before the service said what stopped it.
      return stoppedHere ? "Stopped." : "Cancelled before it finished.";
  }
}

const rows = (count) => plural(count, "row");

function stepItem(kind, text, detail) {
  const labels = { thought: "Thought", sql: "SQL", rag: "Documents", tool: "Tool" };
  const badge = h("span", { class: "badge" }, labels[kind] || kind);
  if (kind === "thought" || !detail) return h("li", { class: `step step-${kind}` }, badge, " ", text);
  let summary = text;
  const body = [];
  if (kind === "sql" && detail.sql) {
    summary = detail.error ? "The query failed" : `Queried the database: ${rows(detail.row_count)}`;
    body.push(h("pre", { class: "sql" }, h("code", {}, withBoundValues(detail.sql, detail.params || {}))));
    if (detail.error) body.push(h("p", { class: "meta" }, detail.error));
  } else if (kind === "rag" && detail.documents) {
    summary = `Searched the documents: ${plural(detail.documents.length, "passage")}`;
    body.push(h("ul", { class: "doc-hits" }, detail.documents.map((d) =>
      h("li", {}, documentLink(d), typeof d.score === "number" ? h("span", { class: "meta" }, ` · score ${d.score}`) : null))));
  }
  return h("li", { class: `step step-${kind}` },
    h("details", {}, h("summary", {}, badge, " ", summary), body));
}

/** A value as an SQL literal: numbers as they are, text quoted (quotes doubled). */
function sqlLiteral(value) {
  if (value === null) return "NULL";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * The statement with each bound parameter (`:lower_1_1`) shown as the value that ran, marked
 * and titled with the parameter's name: a reader checks the query, not placeholders. A name
 * the parameters do not give, or a PostgreSQL cast (`::text`), stays as written.
 */
function withBoundValues(sql, params) {
  const parts = [];
  let last = 0;
  for (const match of sql.matchAll(/(?<!:):([A-Za-z_]\w*)/g)) {
    if (!Object.hasOwn(params, match[1])) continue;
    parts.push(sql.slice(last, match.index),
      h("mark", { class: "bound", title: `:${match[1]}` }, sqlLiteral(params[match[1]])));
    last = match.index + match[0].length;
  }
  parts.push(sql.slice(last));
  return parts;
}

function summaryLine(metadata) {
  const parts = [];
  if (metadata.route) parts.push(`route: ${metadata.route}`);
  if (metadata.timings && metadata.timings.total_ms) parts.push(`${(metadata.timings.total_ms / 1000).toFixed(1)} s`);
  if (metadata.usage && metadata.usage.total_tokens) parts.push(`${metadata.usage.total_tokens} tokens`);
  return h("span", { class: "meta" }, parts.join(" · "));
}
