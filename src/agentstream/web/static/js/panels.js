// Panels: the history with its filters, the form that convenes one, and the live view (a lane
// per expert, rounds, positions, consensus per round, the recommendation and its dissent).

import { api, ApiError, watchStream } from "./api.js";
import { errorBlock, focusHeading, h, notify, when } from "./dom.js";
import { renderInto } from "./markdown.js";

// The fewest experts each strategy takes is the service's rule (it refuses fewer with a 400);
// the form says it up front instead of after a refused submit.
const STRATEGIES = [
  ["structured", "Structured (Delphi)", "Blind positions, then revisions against an anonymous summary of the others.", 1],
  ["open", "Open debate", "Each round every expert reads the others' previous answers and responds.", 1],
  ["socratic", "Socratic", "A moderator questions each expert in turn to test their reasoning.", 2],
  ["adversarial", "Adversarial", "A devil's advocate challenges the majority and does not vote.", 2],
  ["council", "Council", "Experts rank each other's answers anonymously; a chair writes the synthesis.", 3],
];
const MAX_EXPERTS = 12;
const ROLE_OPTION = {
  socratic: ["moderator_id", "Moderator"],
  adversarial: ["devil_advocate_id", "Devil's advocate"],
  council: ["chair_id", "Chair"],
};
const STATUSES = ["draft", "in_progress", "completed", "failed", "cancelled"];
const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const PANEL_EVENTS = ["panel_started", "expert_token", "expert_speaking", "round_complete", "consensus_update", "panel_complete", "panel_cancelled", "error"];
const PAGE = 20;

const strategyName = (type) => (STRATEGIES.find(([id]) => id === type) || [type, type])[1];
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
      filter("status", "Status", STATUSES, status, (s) => s.replace("_", " ")),
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
            ` · ${p.members.length} experts`,
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

/** The form that convenes a panel: query, strategy, options and experts. */
export async function showPanelForm(root) {
  let agents;
  try {
    agents = (await api("/api/v1/agents")).agents;
  } catch (error) {
    root.replaceChildren(errorBlock(error, () => showPanelForm(root)));
    return;
  }
  const query = h("textarea", { id: "panel-query", rows: 3, maxlength: 4000, required: true, placeholder: "e.g. Should we pursue a 510(k) or a De Novo pathway for our new glucose monitor?" });
  const strategies = h("fieldset", { class: "choices" }, h("legend", {}, "Strategy"),
    STRATEGIES.map(([id, name, explanation], index) =>
      h("label", { class: "choice" },
        h("input", { type: "radio", name: "panel_type", value: id, checked: index === 0 }),
        h("span", {}, h("strong", {}, name), h("span", { class: "help" }, explanation)))));
  const expertBox = (agent) => h("label", { class: "choice expert" },
    h("input", { type: "checkbox", name: "agent_ids", value: agent.agent_id, checked: ["fda_expert", "clinical_expert"].includes(agent.agent_id) }),
    h("span", {}, h("strong", {}, agent.name), h("span", { class: "help" }, agent.role)));
  const builtin = agents.filter((a) => a.source === "builtin");
  const own = agents.filter((a) => a.source !== "builtin");
  const expertsLegend = h("legend", {});
  const experts = h("fieldset", { class: "choices experts" }, expertsLegend,
    h("h3", {}, "Built-in"), h("div", { class: "expert-grid" }, builtin.map(expertBox)),
    h("h3", {}, "Your own"),
    own.length ? h("div", { class: "expert-grid" }, own.map(expertBox))
      : h("p", { class: "help" }, "None yet: define them with ", h("code", {}, "POST /api/v1/agents"), "."));
  const rounds = h("input", { id: "max-rounds", type: "number", min: 1, max: 10, value: 3 });
  const threshold = h("input", { id: "threshold", type: "number", min: 0.5, max: 1, step: 0.05, value: 0.75 });
  const role = h("select", { id: "role" });
  const roleLabel = h("label", { for: "role" });
  const roleField = h("div", { class: "field", hidden: true }, roleLabel, role);
  const error = h("p", { class: "form-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "primary" }, "Start the panel");
  const form = h("form", { class: "card panel-form" },
    h("h1", {}, "New panel"),
    h("label", { for: "panel-query" }, "Question for the panel"), query,
    strategies,
    h("fieldset", { class: "options" }, h("legend", {}, "Options"),
      h("div", { class: "field" }, h("label", { for: "max-rounds" }, "Rounds at most"), rounds),
      h("div", { class: "field" }, h("label", { for: "threshold" }, "Consensus threshold"), threshold),
      roleField),
    experts, error, submit);

  const chosen = () => [...form.querySelectorAll("input[name=agent_ids]:checked")].map((i) => i.value);
  const fewest = (type) => STRATEGIES.find(([id]) => id === type)[3];
  const syncRole = () => {
    const type = form.querySelector("input[name=panel_type]:checked").value;
    expertsLegend.textContent = `Experts (${fewest(type)} to ${MAX_EXPERTS})`;
    const option = ROLE_OPTION[type];
    roleField.hidden = !option;
    if (!option) return;
    roleLabel.textContent = option[1];
    const names = Object.fromEntries(agents.map((a) => [a.agent_id, a.name]));
    role.replaceChildren(h("option", { value: "" }, "Automatic"), chosen().map((id) => h("option", { value: id }, names[id] || id)));
  };
  form.addEventListener("change", syncRole);
  syncRole();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const agentIds = chosen();
    const type = form.querySelector("input[name=panel_type]:checked").value;
    if (agentIds.length < fewest(type) || agentIds.length > MAX_EXPERTS) {
      error.textContent = `${strategyName(type)} takes ${fewest(type)} to ${MAX_EXPERTS} experts: ${agentIds.length} chosen.`;
      return;
    }
    const configuration = { max_rounds: Number(rounds.value), consensus_threshold: Number(threshold.value) };
    if (ROLE_OPTION[type] && role.value) configuration[ROLE_OPTION[type][0]] = role.value;
    submit.disabled = true;
    try {
      const panel = await api("/api/v1/panels", { method: "POST", body: { query: query.value.trim(), panel_type: type, agent_ids: agentIds, configuration } });
      location.hash = `#/panels/${encodeURIComponent(panel.panel_id)}`;
    } catch (failure) {
      error.textContent = failure.message;
      submit.disabled = false;
    }
  });
  root.replaceChildren(h("div", { class: "page narrow" }, h("a", { href: "#/panels", class: "back" }, "← Panels"), form));
  focusHeading(root, "New panel");
  query.focus();
}

/** A panel live (or as it ended): returns a function that stops watching. */
export async function showPanel(root, panelId) {
  let panel;
  try {
    panel = await api(`/api/v1/panels/${encodeURIComponent(panelId)}`);
  } catch (error) {
    root.replaceChildren(h("div", { class: "page" }, h("a", { href: "#/panels", class: "back" }, "← Panels"), errorBlock(error)));
    return null;
  }
  const view = new PanelView(root, panel);
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
  constructor(root, panel) {
    this.panel = panel;
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
    this.result = h("section", { class: "result", hidden: true, "aria-live": "polite" });
    this.announcer = h("div", { class: "sr-only", "aria-live": "polite" });
    root.replaceChildren(h("div", { class: "page wide" },
      h("a", { href: "#/panels", class: "back" }, "← Panels"),
      h("header", { class: "panel-header" },
        h("div", {},
          h("h1", {}, panel.query),
          h("p", { class: "meta" }, strategyName(panel.panel_type), ` · up to ${panel.configuration.max_rounds || 3} rounds · consensus at ${percent(this.threshold)} · `, this.statusEl, " ", this.connectionEl)),
        this.cancelButton),
      this.result,
      this.chart,
      h("div", { class: "lanes-scroll" }, this.laneHeads, this.roundsEl),
      this.announcer));
    for (const member of panel.members) this.lane(member.agent_id, member.name, member.role);
    focusHeading(root, "Panel");
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
        this.setStatus("in_progress");
        return false;
      case "expert_token": {
        const card = this.cardFor(data.agent_id, data.round, data.kind);
        card.raw += data.delta;
        card.text.textContent = card.raw;
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
        this.ended("cancelled", "Cancelled: what the experts said until then is kept.");
        return true;
      case "error":
        this.ended("failed", data.message || "The panel failed.");
        return true;
      default:
        return false;
    }
  }

  /** A finished expert turn: its text (Markdown) and its position. */
  turn(message) {
    const member = this.lane(message.agent_id, message.agent_name, message.role);
    const card = this.cardFor(message.agent_id, message.round, message.kind);
    this.markRole(message.agent_id, message.kind);
    this.open.delete(message.agent_id);
    card.element.classList.remove("speaking");
    card.element.setAttribute("aria-busy", "false");
    renderInto(card.text, message.position || message.ranking?.length ? withoutMachineLines(message.content) : message.content);
    clampLongText(card.text);
    const badge = positionBadge(message.position, message.content);
    if (badge) card.element.append(badge);
    if (message.incomplete) card.element.append(interruptedNote());
    if (message.ranking && message.ranking.length) {
      card.element.append(h("p", { class: "meta" }, `Ranking: ${message.ranking.join(" > ")}`));
    }
    this.announcer.textContent = `${member.name}, round ${message.round}: ${message.position ? positionText(message.position) : "spoke"}.`;
  }

  addConsensus(update) {
    const round = this.round(update.round);
    const parts = [`consensus ${percent(update.level)}`];
    if (update.decision) parts.push(decisionText(update.decision));
    if (update.quorum && !update.quorum.met) parts.push(quorumText(update.quorum));
    round.label.textContent = parts.join(" · ");
    this.consensus = this.consensus.filter((c) => c.round !== update.round).concat([update]).sort((a, b) => a.round - b.round);
    this.drawChart();
  }

  drawChart() {
    this.chart.hidden = false;
    const svg = consensusChart(this.consensus, this.threshold);
    this.chart.replaceChildren(
      h("figcaption", {}, "Consensus by round"),
      svg,
      h("p", { class: "sr-only" }, this.consensus.map((c) => `Round ${c.round}: ${percent(c.level)}`).join("; ")));
  }

  complete(data) {
    this.setStatus(data.status || "completed");
    const detail = data.consensus_detail || {};
    const dissent = dissentOf(detail, data);
    const recommendation = h("div", { class: "markdown recommendation" });
    renderInto(recommendation, data.recommendation || "");
    this.result.hidden = false;
    this.result.classList.toggle("undecided", data.decision !== "consensus");
    this.result.replaceChildren(...[
      h("h2", {}, "Recommendation"),
      h("p", { class: "meta" },
        typeof data.consensus === "number" ? `Consensus ${percent(data.consensus)}` : "No consensus measured",
        data.decision ? ` · ${decisionText(data.decision)}` : "",
        detail.quorum && !detail.quorum.met ? ` (${quorumText(detail.quorum)})` : "",
        data.rounds ? ` · ${data.rounds} round${data.rounds === 1 ? "" : "s"}` : "",
        typeof data.duration === "number" ? ` · ${data.duration.toFixed(1)} s` : ""),
      recommendation,
      dissent.length ? h("div", { class: "dissent" }, h("h3", {}, "Dissent"), h("ul", {}, dissent.map((d) => h("li", {}, d)))) : null,
    ].filter(Boolean));
    this.announcer.textContent = "The panel is complete: its recommendation is shown at the top.";
  }

  ended(status, message) {
    this.setStatus(status);
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
      for (const message of round.messages) this.turn({ ...message, role: "" });
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
      this.ended(panel.status, panel.status === "failed" ? `The panel failed: ${panel.error || "unknown error"}` : "This panel was cancelled; its transcript so far is kept.");
    }
  }
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

/** A panel's consensus in its history card: its level, or why there was none. */
function consensusFact(consensus) {
  if (!consensus || typeof consensus.level !== "number") return "";
  if (consensus.quorum && !consensus.quorum.met) return ` · no quorum (${quorumText(consensus.quorum)})`;
  return ` · consensus ${percent(consensus.level)}`;
}

/** Why a round's consensus does not count: too few members voted. */
function quorumText(quorum) {
  return `${quorum.voters} voted, ${quorum.required} needed`;
}

function positionText(position) {
  if (position.abstain || position.abstained) return "abstains";
  const label = position.option || position.stance || "position";
  return typeof position.confidence === "number" ? `${label}, ${percent(position.confidence)} confident` : label;
}

/** What the stop rule decided after a round, as a person would say it. */
function decisionText(decision) {
  const known = {
    consensus: "consensus reached",
    continue: "discussion continues",
    max_rounds: "stopped at the round limit",
    no_consensus: "no consensus",
    stable_no_consensus: "positions stable, no consensus",
  };
  return known[decision] || decision.replaceAll("_", " ");
}

function positionBadge(position, content = "") {
  if (!position) return null;
  const abstains = position.abstain || position.abstained;
  const label = abstains ? "abstains" : position.option || position.stance || "position";
  const kind = abstains ? "abstain" : position.stance || "option";
  return h("div", { class: "position" },
    h("span", { class: `badge stance-${kind}` }, label),
    !abstains && typeof position.confidence === "number" ? h("span", { class: "confidence", title: "confidence" }, percent(position.confidence)) : null,
    // The summary is shown unless the turn's text already ends with it.
    position.summary && !content.includes(position.summary) ? h("p", { class: "position-summary" }, position.summary) : null);
}

/** The dissenting views, whatever shape the consensus detail gives them in. */
function dissentOf(detail, data) {
  const raw = detail.dissent || data.dissent || [];
  const items = Array.isArray(raw) ? raw : [raw];
  return items.filter(Boolean).map((item) => {
    if (typeof item === "string") return item;
    const who = item.agent_name || item.name || item.agent_id || "An expert";
    const what = item.option || item.stance || "";
    const why = item.summary || item.reason || "";
    return `${who}${what ? ` (${what})` : ""}${why ? `: ${why}` : ""}`;
  });
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
    const barHeight = Math.max(1, chartHeight * update.level);
    // Agreement among too few voters is drawn hollow: it is no consensus, whatever its level.
    const quorate = !update.quorum || update.quorum.met;
    const kind = !quorate ? "bar no-quorum" : update.level >= threshold ? "bar reached" : "bar";
    svg.append(el("rect", { x, y: top + chartHeight - barHeight, width: 30, height: barHeight, rx: 3, class: kind }));
    svg.append(el("text", { x: x + 15, y: top + chartHeight - barHeight - 3, class: "value", "text-anchor": "middle" }, percent(update.level)));
    svg.append(el("text", { x: x + 15, y: height - 12, class: "tick", "text-anchor": "middle" }, `R${update.round}`));
  });
  return svg;
}
