// Panels: the history with its filters and the live view (a lane per expert, rounds, positions,
// consensus per round, the recommendation and its dissent). The form is in panel-form.js.

import { api, ApiError, watchStream } from "./api.js";
import { errorBlock, focusHeading, h, notify, plural, when } from "./dom.js";
import { renderInto } from "./markdown.js";
import { passageHref } from "./passages.js";
import { liveRegion, SpeakerQueue } from "./speech.js";
import { STRATEGIES, strategyName } from "./strategies.js";

const STATUSES = ["draft", "in_progress", "completed", "failed", "cancelled"];
const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const PANEL_EVENTS = ["panel_started", "expert_token", "expert_speaking", "round_complete", "consensus_update", "panel_complete", "panel_cancelled", "error"];
const PAGE = 20;
// One text for a cancelled panel, whether it is watched as it stops or opened afterwards.
const CANCELLED = "Cancelled: what the experts said until then is kept.";

/** A status as the filter offers it, written as the strategies are: "In progress". */
const statusName = (status) => status.charAt(0).toUpperCase() + status.slice(1).replace("_", " ");
const statusBadge = (status) => h("span", { class: `status status-${status}` }, status.replace("_", " "));
const percent = (value) => `${Math.round(value * 100)}%`;

/** The tenant's panels, newest first, filtered by status and type. */
export async function showPanels(root, params) {
  const status = params.get("status") || "";
  const type = params.get("panel_type") || "";
  const offset = Math.max(0, Number(params.get("offset")) || 0);

  const filter = (name, label, values, current, labelOf) => {
    const select = h("select", { id: `filter-${name}` },
      h("option", { value: "" }, "All"),
      values.map((v) => h("option", { value: v, selected: v === current }, labelOf(v))));
    select.addEventListener("change", () => {
      const next = new URLSearchParams({ status, panel_type: type, [name]: select.value });
      for (const [k, v] of [...next]) if (!v) next.delete(k);
      location.hash = `#/panels${next.toString() ? "?" + next : ""}`;
    });
    return h("div", { class: "field" }, h("label", { for: `filter-${name}` }, label), select);
  };

  const body = h("div", { class: "panel-list" }, h("p", { class: "muted" }, "Loading…"));
  root.replaceChildren(h("div", { class: "page" },
    h("div", { class: "page-header" },
      h("h1", {}, "Panels"),
      h("a", { class: "button primary", href: "#/panels/new" }, "+ New panel")),
    h("div", { class: "filters", role: "group", "aria-label": "Filters" },
      filter("status", "Status", STATUSES, status, statusName),
      filter("panel_type", "Type", STRATEGIES.map(([id]) => id), type, strategyName)),
    body));
  focusHeading(root, "Panels");

  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (status) query.set("status", status);
  if (type) query.set("panel_type", type);
  try {
    const page = await api(`/api/v1/panels?${query}`);
    if (!page.panels.length) {
      body.replaceChildren(h("p", { class: "empty" }, status || type ? "No panel matches these filters." : "No panels yet. Convene one with “New panel”."));
      return;
    }
    body.replaceChildren(...[
      h("ul", { class: "cards" }, page.panels.map((p) =>
        h("li", {}, h("a", { class: "card panel-card", href: `#/panels/${encodeURIComponent(p.panel_id)}` },
          h("span", { class: "panel-query" }, p.query),
          h("span", { class: "panel-facts" },
            statusBadge(p.status), " ", strategyName(p.panel_type),
            ` · ${plural(p.members.length, "expert")}`,
            consensusFact(p.consensus),
            ` · ${when(p.created_at)}`))))),
      pager(page, status, type),
    ].filter(Boolean));
  } catch (error) {
    body.replaceChildren(errorBlock(error, () => showPanels(root, params)));
  }
}

function pager(page, status, type) {
  if (page.offset === 0 && page.total <= page.panels.length) return null;
  const link = (offset, label) => {
    const params = new URLSearchParams({ offset: String(offset) });
    if (status) params.set("status", status);
    if (type) params.set("panel_type", type);
    return h("a", { class: "button secondary", href: `#/panels?${params}` }, label);
  };
  const last = Math.min(page.offset + page.panels.length, page.total);
  return h("nav", { class: "pager", "aria-label": "Pages" },
    page.offset > 0 ? link(Math.max(0, page.offset - PAGE), "← Newer") : null,
    h("span", { class: "meta" }, `${page.offset + 1}–${last} of ${page.total}`),
    last < page.total ? link(page.offset + PAGE, "Older →") : null);
}

/** A panel live (or as it ended): returns a function that stops watching. */
export async function showPanel(root, panelId) {
  let panel;
  // Without the experts' documents, citations stay as the ids the experts wrote.
  const passages = api("/api/v1/agents").then(passagesOf, () => new Map());
  try {
    panel = await api(`/api/v1/panels/${encodeURIComponent(panelId)}`);
  } catch (error) {
    root.replaceChildren(h("div", { class: "page" }, h("a", { href: "#/panels", class: "back" }, "← Panels"), errorBlock(error, null, ["#/panels", "All panels"])));
    return null;
  }
  const view = new PanelView(root, panel, await passages);
  if (TERMINAL.has(panel.status)) {
    view.showStored(panel);
    return null;
  }
  const watch = watchStream({
    path: `/api/v1/panels/${encodeURIComponent(panelId)}/stream`,
    scope: { panel_id: panelId },
    names: PANEL_EVENTS,
    onEvent: (name, data) => view.apply(name, data),
    onState: (state, detail) => view.connection(state, detail),
  });
  view.watch = watch;
  return () => watch.close();
}

class PanelView {
  constructor(root, panel, passages) {
    this.panel = panel;
    this.passages = passages;
    this.members = new Map();
    this.rounds = new Map();
    this.open = new Map(); // agent id → the card of the turn it is speaking
    this.consensus = [];
    this.threshold = (panel.configuration && panel.configuration.consensus_threshold) || 0.75;
    this.statusEl = h("span", {}, statusBadge(panel.status));
    this.connectionEl = h("span", { class: "connection", role: "status" });
    this.cancelButton = h("button", { type: "button", class: "danger", hidden: TERMINAL.has(panel.status) }, "Cancel panel");
    this.cancelButton.addEventListener("click", () => this.cancel());
    this.laneHeads = h("div", { class: "lane-heads" });
    this.roundsEl = h("div", { class: "rounds" });
    this.chart = h("figure", { class: "consensus-chart", hidden: true });
    this.framingEl = h("p", { class: "meta panel-options", hidden: true });
    this.showFraming(panel.configuration);
    this.result = h("section", { class: "result", hidden: true, "aria-live": "polite" });
    const speech = liveRegion();
    this.speechRegion = speech.element;
    // Screen readers hear the experts' turns as they stream, one expert after another.
    this.speech = new SpeakerQueue((text) => speech.say(text.replace(CITATION, "")));
    root.replaceChildren(h("div", { class: "page wide" },
      h("a", { href: "#/panels", class: "back" }, "← Panels"),
      h("header", { class: "panel-header" },
        h("div", {},
          h("h1", {}, panel.query),
          h("p", { class: "meta" }, strategyName(panel.panel_type), ` · up to ${plural(panel.configuration.max_rounds || 3, "round")} · consensus at ${percent(this.threshold)} · `, this.statusEl, " ", this.connectionEl),
          this.framingEl),
        this.cancelButton),
      this.result,
      this.chart,
      h("div", { class: "lanes-scroll" }, this.laneHeads, this.roundsEl),
      this.speechRegion));
    for (const member of panel.members) this.lane(member.agent_id, member.name, member.role);
    focusHeading(root, "Panel");
  }

  /** What the panel votes on: the options it chooses between, or the proposition its experts
   * support or oppose (the panel settles it before round 1, so a new panel shows it late). */
  showFraming({ options, proposition }) {
    const text = options?.length ? `Choosing between: ${options.join(" · ")}`
      : proposition ? `Voting on: ${proposition}` : "";
    this.framingEl.textContent = text;
    this.framingEl.hidden = !text;
  }

  /** Tags a lane with the role its turns show (the service may choose the moderator itself). */
  markRole(agentId, kind) {
    const label = { question: "Moderator", challenge: "Devil's advocate", synthesis: "Chair" }[kind];
    const head = label && this.laneHeads.querySelector(`.lane-head[data-agent="${CSS.escape(agentId)}"]`);
    if (!head || head.querySelector(".role")) return;
    head.querySelector("strong").append(" ", h("span", { class: "badge role" }, label));
  }

  lane(agentId, name, role) {
    if (!this.members.has(agentId)) {
      this.members.set(agentId, { name: name || agentId, role: role || "" });
      this.laneHeads.append(h("div", { class: "lane-head", dataset: { agent: agentId } }, h("strong", {}, name || agentId), h("span", { class: "help" }, role || "")));
      this.layout();
      for (const round of this.rounds.values()) round.cells.append(h("div", { class: "cell", dataset: { agent: agentId } }));
    }
    return this.members.get(agentId);
  }

  layout() {
    const columns = `repeat(${this.members.size}, minmax(15rem, 1fr))`;
    this.laneHeads.style.gridTemplateColumns = columns;
    for (const round of this.rounds.values()) round.cells.style.gridTemplateColumns = columns;
  }

  round(number) {
    if (!this.rounds.has(number)) {
      const label = h("span", { class: "round-consensus" });
      const cells = h("div", { class: "round-cells" },
        [...this.members.keys()].map((id) => h("div", { class: "cell", dataset: { agent: id } })));
      const section = h("section", { class: "round", "aria-label": `Round ${number}` },
        h("div", { class: "round-separator" }, h("h2", {}, `Round ${number}`), label), cells);
      this.roundsEl.append(section);
      this.rounds.set(number, { section, cells, label });
      this.layout();
    }
    return this.rounds.get(number);
  }

  cardFor(agentId, roundNumber, kind) {
    let card = this.open.get(agentId);
    if (card && card.round === roundNumber) return card;
    const member = this.lane(agentId);
    const cell = this.round(roundNumber).cells.querySelector(`.cell[data-agent="${CSS.escape(agentId)}"]`);
    const text = h("div", { class: "turn-text markdown" });
    const element = h("article", { class: "expert-turn speaking", "aria-busy": "true", "data-agent-name": member.name },
      h("div", { class: "turn-kind" }, kind || "turn"), text);
    cell.append(element);
    card = { element, text, round: roundNumber, raw: "" };
    this.open.set(agentId, card);
    return card;
  }

  apply(name, data) {
    switch (name) {
      case "panel_started":
        for (const member of data.members || []) this.lane(member.agent_id, member.name, member.role);
        if (data.framing) this.showFraming(data.framing);
        this.setStatus("in_progress");
        return false;
      case "expert_token": {
        const card = this.cardFor(data.agent_id, data.round, data.kind);
        card.raw += data.delta;
        this.scheduleRender(card);
        this.speakerOf(card, data.agent_id).update(card.raw);
        return false;
      }
      case "expert_speaking":
        this.turn(data);
        return false;
      case "round_complete":
        this.round(data.round).section.classList.add("complete");
        return false;
      case "consensus_update":
        this.addConsensus(data);
        return false;
      case "panel_complete":
        this.complete(data);
        return true;
      case "panel_cancelled":
        this.ended("cancelled", CANCELLED);
        return true;
      case "error":
        this.ended("failed", failedText(data.message));
        return true;
      default:
        return false;
    }
  }

  /** Renders a speaking turn's text so far (as Markdown, as it will stay), once a frame. */
  scheduleRender(card) {
    if (card.renderScheduled) return;
    card.renderScheduled = true;
    requestAnimationFrame(() => {
      card.renderScheduled = false;
      if (card.element.classList.contains("speaking")) renderInto(card.text, card.raw);
    });
  }

  /** What screen readers hear of a turn streaming: its prose, without the machine lines. */
  speakerOf(card, agentId) {
    card.speaker ??= this.speech.add(this.lane(agentId).name, proseOf);
    return card.speaker;
  }

  /** A finished expert turn: its text (Markdown) and its position; `live`: as it happens (a
   * stored turn is shown, not announced). */
  turn(message, live = true) {
    const member = this.lane(message.agent_id, message.agent_name, message.role);
    const card = this.cardFor(message.agent_id, message.round, message.kind);
    this.markRole(message.agent_id, message.kind);
    this.open.delete(message.agent_id);
    card.element.classList.remove("speaking");
    card.element.setAttribute("aria-busy", "false");
    renderInto(card.text, message.position || message.ranking?.length ? withoutMachineLines(message.content) : message.content);
    showCitations(card.text, this.passages);
    clampLongText(card.text);
    // A devil's advocate argues a side it was given: its position is not a vote.
    const argued = message.kind === "challenge";
    const badge = positionBadge(message.position, message.content, argued);
    if (badge) card.element.append(badge);
    if (message.incomplete) card.element.append(interruptedNote());
    if (message.ranking && message.ranking.length) {
      card.element.append(h("p", { class: "meta" }, `Ranking: ${message.ranking.join(" > ")}`));
    }
    if (live) {
      const speaker = this.speakerOf(card, message.agent_id);
      if (message.position) speaker.closing = `${member.name}${argued ? " argues" : ":"} ${positionText(message.position, argued)}.`;
      speaker.finish(message.content);
    }
  }

  addConsensus(update) {
    const round = this.round(update.round);
    // Short of its quorum a round has no consensus figure to show, only who voted.
    const parts = [quorate(update) ? `consensus ${percent(update.level)}${update.majority ? ` on ${update.majority}` : ""}` : `no quorum (${quorumText(update.quorum)})`];
    const votes = votesText(update.votes);
    if (votes) parts.push(`votes: ${votes}`);
    if (update.decision && update.decision !== "no_quorum") parts.push(decisionText(update.decision));
    round.label.textContent = parts.join(" · ");
    round.label.classList.toggle("undecided", !quorate(update));
    this.consensus = this.consensus.filter((c) => c.round !== update.round).concat([update]).sort((a, b) => a.round - b.round);
    this.drawChart();
  }

  drawChart() {
    this.chart.hidden = false;
    // With no round at its quorum there is no figure to draw: an empty chart would only
    // look broken.
    if (!this.consensus.some(quorate)) {
      this.chart.replaceChildren(
        h("figcaption", {}, "Consensus by round"),
        h("p", { class: "no-quorum" }, this.consensus.map((c) => `Round ${c.round}: no quorum (${quorumText(c.quorum)})`).join(" · ")));
      return;
    }
    const svg = consensusChart(this.consensus, this.threshold);
    this.chart.replaceChildren(
      h("figcaption", {}, "Consensus by round"),
      svg,
      h("p", { class: "sr-only" }, this.consensus.map((c) => `Round ${c.round}: ${quorate(c) ? percent(c.level) : "no quorum"}`).join("; ")));
  }

  complete(data) {
    this.setStatus(data.status || "completed");
    const detail = data.consensus_detail || {};
    // The recommendation may state the dissent itself: the box lists only whom it does not name.
    const stated = data.recommendation || "";
    const dissent = dissentOf(detail, data, (id) => this.members.get(id)?.name)
      .filter((d) => !d.who || !stated.includes(d.who))
      .map((d) => d.text);
    const recommendation = h("div", { class: "markdown recommendation" });
    renderInto(recommendation, data.recommendation || "");
    showCitations(recommendation, this.passages);
    this.result.hidden = false;
    this.result.classList.toggle("undecided", data.decision !== "consensus");
    this.result.replaceChildren(...[
      h("h2", {}, "Recommendation"),
      h("p", { class: "meta" },
        !quorate(detail) ? `No quorum (${quorumText(detail.quorum)})`
          : typeof data.consensus === "number" ? `Consensus ${percent(data.consensus)}${detail.majority ? ` on ${detail.majority}` : ""}` : "No consensus measured",
        data.decision && data.decision !== "no_quorum" ? ` · ${decisionText(data.decision)}` : "",
        data.rounds ? ` · ${plural(data.rounds, "round")}` : "",
        typeof data.duration === "number" ? ` · ${data.duration < 0.1 ? "under 0.1" : data.duration.toFixed(1)} s` : ""),
      recommendation,
      dissent.length ? h("div", { class: "dissent" }, h("h3", {}, "Dissent"), h("ul", {}, dissent.map((d) => h("li", {}, d)))) : null,
    ].filter(Boolean));
    this.speech.sayLast("The panel is complete: its recommendation is shown at the top.");
  }

  ended(status, message) {
    this.setStatus(status);
    this.speech.stop();
    for (const card of this.open.values()) {
      card.element.classList.remove("speaking");
      card.element.append(interruptedNote());
    }
    this.result.hidden = false;
    this.result.replaceChildren(h("div", { class: status === "failed" ? "error-block" : "notice-block", role: "status" }, message));
  }

  setStatus(status) {
    this.panel.status = status;
    this.statusEl.replaceChildren(statusBadge(status));
    this.cancelButton.hidden = TERMINAL.has(status);
    if (TERMINAL.has(status)) this.connectionEl.textContent = "";
  }

  connection(state, detail) {
    if (state === "reconnecting") this.connectionEl.textContent = "Connection lost, reconnecting…";
    else if (state === "live") this.connectionEl.textContent = TERMINAL.has(this.panel.status) ? "" : "live";
    else if (detail instanceof ApiError) this.ended(this.panel.status, `Cannot watch this panel: ${detail.message}`);
    this.connectionEl.classList.toggle("live", state === "live");
  }

  async cancel() {
    if (!confirm("Cancel this panel? The experts stop; what they said so far is kept.")) return;
    this.cancelButton.disabled = true;
    try {
      const path = `/api/v1/panels/${encodeURIComponent(this.panel.panel_id)}`;
      await api(path, { method: "DELETE" });
      // A panel cancelled before its run started has no stream to say so (opening it is
      // refused): the stored status does.
      const stored = await api(path);
      if (TERMINAL.has(stored.status) && !TERMINAL.has(this.panel.status)) {
        this.watch?.close();
        this.showStored(stored);
      }
    } catch (error) {
      notify(`Could not cancel: ${error.message}`);
    } finally {
      this.cancelButton.disabled = false;
    }
  }

  /** A finished panel from its stored rounds. */
  showStored(panel) {
    for (const round of panel.rounds) {
      this.round(round.number);
      for (const message of round.messages) this.turn({ ...message, role: "" }, false);
      this.round(round.number).section.classList.add("complete");
      if (round.consensus) this.addConsensus({ ...round.consensus, round: round.number });
    }
    if (panel.status === "completed") {
      this.complete({
        status: panel.status,
        recommendation: panel.recommendation,
        consensus: panel.consensus ? panel.consensus.level : null,
        decision: panel.consensus ? panel.consensus.decision : null,
        consensus_detail: panel.consensus,
        rounds: panel.rounds.length,
        duration: panel.duration,
      });
    } else {
      this.ended(panel.status, panel.status === "failed" ? failedText(panel.error) : CANCELLED);
    }
  }
}

/** A failed panel's text, the same whether it is watched as it fails or opened afterwards. */
function failedText(reason) {
  return reason ? `The panel failed: ${reason.replace(/\.$/, "")}.` : "The panel failed.";
}

/** The turn's text without the closing `POSITION: …` and `RANKING: …` lines experts are asked
 * to write for the service: the badge and the ranking under it say the same, from what was
 * recorded. */
function withoutMachineLines(content) {
  let text = content;
  for (let previous = null; previous !== text; ) {
    previous = text;
    text = text.replace(/\s*\b(?:POSITION|RANKING)\s*:[^\n]*\s*$/i, "");
  }
  return text;
}

/** The part of a turn's text meant to be read: before the machine lines at its end. */
function proseOf(text) {
  const end = text.search(/(?:^|\n)[ \t]*(?:POSITION|RANKING)\b/);
  return end < 0 ? text : text.slice(0, end);
}

/** Every passage of every expert's documents by the id turns cite it with. */
function passagesOf(listing) {
  const passages = new Map();
  for (const agent of listing.agents) {
    for (const document of agent.documents || []) {
      for (const passage of document.passages) {
        passages.set(passage.id, { agentId: agent.agent_id, expert: agent.name, title: document.title, section: passage.section });
      }
    }
  }
  return passages;
}

// How experts cite a passage of their documents in their text: "[fda_expert/1#4]".
const CITATION = /\[([a-z][a-z0-9_]*\/\d+#\d+)\]/g;

/** Replaces the citation ids in a rendered turn with chips naming the document and section
 * (the expert's name in the tooltip), each a link to the passage's text; an id no expert's
 * documents hold stays as written. */
function showCitations(container, passages) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) if (walker.currentNode.data.match(CITATION)) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const parts = [];
    let last = 0;
    for (const match of node.data.matchAll(CITATION)) {
      const passage = passages.get(match[1]);
      if (!passage) continue;
      const where = passage.section ? `${passage.title} › ${passage.section}` : passage.title;
      parts.push(node.data.slice(last, match.index), h("a", { class: "citation-link", href: passageHref(passage.agentId, match[1]) }, h("cite", {
        class: "citation",
        title: `From ${passage.expert}'s document “${passage.title}”${passage.section ? `, section “${passage.section}”` : ""} (${match[1]})`,
      }, where)));
      last = match.index + match[0].length;
    }
    if (last) node.replaceWith(...parts, node.data.slice(last));
  }
}

/** Long turns are shown folded, with a button that unfolds them (lanes stay comparable). */
function clampLongText(text) {
  if (text.textContent.length < 600) return;
  text.classList.add("clamped");
  const toggle = h("button", { type: "button", class: "link more", "aria-expanded": "false" }, "Show more");
  toggle.addEventListener("click", () => {
    const folded = text.classList.toggle("clamped");
    toggle.textContent = folded ? "Show more" : "Show less";
    toggle.setAttribute("aria-expanded", String(!folded));
  });
  text.after(toggle);
}

/** Marks a turn the panel's end cut short, so that its text does not read as finished. */
function interruptedNote() {
  return h("p", { class: "meta interrupted" }, "Interrupted: the panel stopped during this turn.");
}

/** Whether enough members voted for a consensus figure to mean anything. */
const quorate = (consensus) => !consensus.quorum || consensus.quorum.met;

/** A panel's consensus in its history card: its level, or why there was none. */
function consensusFact(consensus) {
  if (!consensus || typeof consensus.level !== "number") return "";
  if (!quorate(consensus)) return ` · no quorum (${quorumText(consensus.quorum)})`;
  return ` · consensus ${percent(consensus.level)}${consensus.majority ? ` on ${consensus.majority}` : ""}`;
}

/** Who voted for what, the most voted first: "De Novo 2, 510(k) 1" (a choice nobody took is
 * left out). */
function votesText(votes) {
  return Object.entries(votes || {})
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([choice, count]) => `${choice} ${count}`)
    .join(", ");
}

/** Why a round's consensus does not count: too few members voted. */
function quorumText(quorum) {
  return `${quorum.voters} voted, ${quorum.required} needed`;
}

/** A position in words; `argued`: a side argued for the sake of it, whose confidence means nothing. */
function positionText(position, argued = false) {
  if (position.abstain || position.abstained) return "abstains";
  const label = position.option || position.stance || "position";
  return typeof position.confidence === "number" && !argued ? `${label}, ${percent(position.confidence)} confident` : label;
}

/** What the stop rule decided after a round, as a person would say it. */
function decisionText(decision) {
  const known = {
    consensus: "consensus reached",
    continue: "discussion continues",
    max_rounds: "stopped at the round limit",
    no_consensus: "no consensus",
    no_quorum: "no quorum",
    stable_no_consensus: "positions stable, no consensus",
  };
  return known[decision] || decision.replaceAll("_", " ");
}

/** A turn's position; `argued`: a role's side (a devil's advocate's), shown as argued, not as a
 * vote with a confidence. */
function positionBadge(position, content = "", argued = false) {
  if (!position) return null;
  const abstains = position.abstain || position.abstained;
  const label = abstains ? "abstains" : position.option || position.stance || "position";
  const kind = abstains ? "abstain" : position.stance || "option";
  return h("div", { class: "position" },
    argued
      ? h("span", { class: "badge argued", title: "The side this role argues; it does not vote." }, `argues: ${label}`)
      // An option is shown as the panel's question wrote it ("510(k)", not "510(K)").
      : h("span", { class: `badge stance-${kind}${!abstains && position.option ? " option" : ""}` }, label),
    !abstains && !argued && typeof position.confidence === "number" ? h("span", { class: "confidence", title: "confidence" }, percent(position.confidence)) : null,
    // The summary is shown unless the turn's text already ends with it.
    position.summary && !content.includes(position.summary) ? h("p", { class: "position-summary" }, position.summary) : null);
}

/** The dissenting views, whatever shape the consensus detail gives them in, each as
 * `{who, text}`: the expert's name (`nameOf` an agent id) rather than its id, and the line shown. */
function dissentOf(detail, data, nameOf) {
  const raw = detail.dissent || data.dissent || [];
  const items = Array.isArray(raw) ? raw : [raw];
  return items.filter(Boolean).map((item) => {
    if (typeof item === "string") return { who: "", text: item };
    const who = item.agent_name || item.name || nameOf(item.agent_id) || item.agent_id || "An expert";
    const what = item.choice || item.option || item.stance || "";
    const why = item.summary || item.reason || "";
    return { who, text: `${who}${what ? ` (${what})` : ""}${why ? `: ${why}` : ""}` };
  });
}

// The box of a value's label around its baseline (10px text), and the room kept around the
// threshold line.
const LABEL_ASCENT = 10;
const LABEL_DESCENT = 3;
const LINE_MARGIN = 1;

/**
 * Where a bar's value label goes: above the bar, unless the threshold line would cross it
 * (a level a little under the threshold); then inside the bar's top, or, on a bar too short
 * for it, above the line.
 */
function valueLabel(barTop, barHeight, thresholdY) {
  const clear = (y) => y + LABEL_DESCENT < thresholdY - LINE_MARGIN || y - LABEL_ASCENT > thresholdY + LINE_MARGIN;
  const above = barTop - 3;
  if (clear(above)) return { y: above, inside: false };
  const inside = barTop + LABEL_ASCENT + 2;
  if (barHeight >= LABEL_ASCENT + LABEL_DESCENT + 4 && clear(inside)) return { y: inside, inside: true };
  return { y: thresholdY - LINE_MARGIN - LABEL_DESCENT - 1, inside: false };
}

/** A small bar chart of consensus per round, with the threshold as a line. */
function consensusChart(updates, threshold) {
  const ns = "http://www.w3.org/2000/svg";
  const el = (tag, attributes, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const width = 40 + updates.length * 48;
  const height = 118;
  const top = 18;
  const chartHeight = 70;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": "Consensus by round" });
  svg.append(el("line", { x1: 30, x2: width - 4, y1: top + chartHeight, y2: top + chartHeight, class: "axis" }));
  const thresholdY = top + chartHeight * (1 - threshold);
  svg.append(el("line", { x1: 30, x2: width - 4, y1: thresholdY, y2: thresholdY, class: "threshold" }));
  svg.append(el("text", { x: 0, y: thresholdY + 4, class: "tick" }, percent(threshold)));
  updates.forEach((update, index) => {
    const x = 38 + index * 48;
    // A round short of its quorum has no level: no bar, the words instead.
    if (quorate(update)) {
      const barHeight = Math.max(1, chartHeight * update.level);
      const kind = update.level >= threshold ? "bar reached" : "bar";
      const barTop = top + chartHeight - barHeight;
      svg.append(el("rect", { x, y: barTop, width: 30, height: barHeight, rx: 3, class: kind }));
      const label = valueLabel(barTop, barHeight, thresholdY);
      svg.append(el("text", { x: x + 15, y: label.y, class: label.inside ? "value inside" : "value", "text-anchor": "middle" }, percent(update.level)));
    } else {
      for (const [line, word] of ["no", "quorum"].entries()) {
        svg.append(el("text", { x: x + 15, y: top + chartHeight - 18 + line * 12, class: "value no-quorum", "text-anchor": "middle" }, word));
      }
    }
    svg.append(el("text", { x: x + 15, y: height - 12, class: "tick", "text-anchor": "middle" }, `R${update.round}`));
  });
  return svg;
}
