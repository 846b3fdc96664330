// The form that convenes a panel: the query, the strategy, options, and the experts, chosen
// from those whose documents cover the query (the service says which) or by hand.

import { api } from "./api.js";
import { errorBlock, focusHeading, h, plural } from "./dom.js";
import { fewestExperts, MAX_EXPERTS, ROLE_OPTION, STRATEGIES, strategyName } from "./strategies.js";

// Coverage is asked once typing pauses, not at every key.
const SUGGEST_DELAY_MS = 350;

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
  const chooser = new ExpertChooser(agents);
  const rounds = h("input", { id: "max-rounds", type: "number", min: 1, max: 10, value: 3 });
  const threshold = h("input", { id: "threshold", type: "number", min: 0.5, max: 1, step: 0.05, value: 0.75 });
  const choices = h("textarea", {
    id: "panel-options",
    rows: 3,
    placeholder: "De Novo\n510(k)",
    "aria-describedby": "panel-options-help",
  });
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
      roleField,
      h("div", { class: "field wide" },
        h("label", { for: "panel-options" }, "Answers to choose between (optional)"),
        choices,
        h("p", { id: "panel-options-help", class: "help" },
          "One per line, 2 to 10. Left empty, a question that names its alternatives (“… a 510(k) or a De Novo pathway?”) is a choice between them; any other is a proposition the experts support or oppose."))),
    chooser.element, chooser.summary, error, submit);

  const panelType = () => form.querySelector("input[name=panel_type]:checked").value;
  const sync = () => {
    const type = panelType();
    chooser.setRange(fewestExperts(type));
    const option = ROLE_OPTION[type];
    roleField.hidden = !option;
    if (!option) return;
    roleLabel.textContent = option[1];
    const names = Object.fromEntries(agents.map((a) => [a.agent_id, a.name]));
    role.replaceChildren(h("option", { value: "" }, "Automatic"), chooser.chosen().map((id) => h("option", { value: id }, names[id] || id)));
  };
  form.addEventListener("change", sync);
  chooser.onChange = sync;
  sync();

  let pending = null;
  query.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(() => chooser.suggestFor(query.value.trim()), SUGGEST_DELAY_MS);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const agentIds = chooser.chosen();
    const type = panelType();
    if (agentIds.length < fewestExperts(type) || agentIds.length > MAX_EXPERTS) {
      error.textContent = `${strategyName(type)} takes ${fewestExperts(type)} to ${MAX_EXPERTS} experts: ${agentIds.length} chosen.`;
      return;
    }
    const configuration = { max_rounds: Number(rounds.value), consensus_threshold: Number(threshold.value) };
    if (ROLE_OPTION[type] && role.value) configuration[ROLE_OPTION[type][0]] = role.value;
    const options = choices.value.split("\n").map((line) => line.trim()).filter(Boolean);
    const problem = optionsProblem(options);
    if (problem) {
      error.textContent = problem;
      choices.setAttribute("aria-invalid", "true");
      choices.focus();
      return;
    }
    choices.removeAttribute("aria-invalid");
    if (options.length) configuration.options = options;
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

/** What is wrong with the answers to choose between, as the service would refuse them. */
function optionsProblem(options) {
  if (options.length === 1) return "Give at least 2 answers to choose between, or none for a question to support or oppose.";
  if (options.length > 10) return `Give at most 10 answers to choose between: ${options.length} given.`;
  const seen = new Set(options.map((o) => o.toLowerCase()));
  if (seen.size < options.length) return "Each answer to choose between must differ from the others.";
  return null;
}

/**
 * The experts' checkboxes, each with the documents it speaks from. Nothing is chosen until the
 * query is typed: then the experts whose documents cover it are marked and chosen, until the
 * person picks by hand (a button applies the suggestion again). A line says who is chosen.
 */
class ExpertChooser {
  constructor(agents) {
    this.agents = agents;
    this.names = Object.fromEntries(agents.map((a) => [a.agent_id, a.name]));
    this.byHand = false;
    this.suggested = null;
    this.request = null;
    this.onChange = () => {};
    this.legend = h("legend", {});
    this.advice = h("p", { class: "suggestion help", role: "status" }, "Type the question: the experts whose documents cover it are suggested.");
    this.apply = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => this.choose(this.suggested) }, "Choose the suggested experts");
    this.summary = h("p", { class: "chosen", role: "status" });
    const builtin = agents.filter((a) => a.source === "builtin");
    const own = agents.filter((a) => a.source !== "builtin");
    this.element = h("fieldset", { class: "choices experts" }, this.legend,
      h("div", { class: "suggestion-row" }, this.advice, this.apply),
      h("h3", {}, "Built-in"), h("div", { class: "expert-grid" }, builtin.map((a) => this.box(a))),
      h("h3", {}, "Your own"),
      own.length ? h("div", { class: "expert-grid" }, own.map((a) => this.box(a)))
        : h("p", { class: "help" }, "None yet: define them with ", h("code", {}, "POST /api/v1/agents"), "."));
    this.element.addEventListener("change", (event) => {
      if (event.target.name !== "agent_ids") return;
      this.byHand = true;
      this.refresh();
    });
    this.refresh();
  }

  box(agent) {
    const titles = (agent.documents || []).map((d) => d.title);
    return h("label", { class: "choice expert", dataset: { agent: agent.agent_id } },
      h("input", { type: "checkbox", name: "agent_ids", value: agent.agent_id }),
      h("span", {},
        h("strong", {}, agent.name),
        h("span", { class: "help" }, agent.role),
        h("span", { class: "documents" }, titles.length ? titles.join(" · ") : "No documents of its own"),
        h("span", { class: "badge covers", hidden: true })));
  }

  inputs() {
    return [...this.element.querySelectorAll("input[name=agent_ids]")];
  }

  chosen() {
    return this.inputs().filter((i) => i.checked).map((i) => i.value);
  }

  setRange(fewest) {
    this.legend.textContent = `Experts (${fewest} to ${MAX_EXPERTS})`;
  }

  choose(ids) {
    for (const input of this.inputs()) input.checked = ids.includes(input.value);
    this.byHand = false;
    this.refresh();
  }

  /** Asks the service which experts' documents cover the query, and marks them. */
  async suggestFor(text) {
    this.request?.abort();
    if (!text) return this.showSuggestion(null);
    this.request = new AbortController();
    try {
      const listing = await api(`/api/v1/agents?${new URLSearchParams({ query: text })}`, { signal: this.request.signal });
      this.showSuggestion(listing.agents.filter((a) => a.covering && a.covering.length));
    } catch (error) {
      if (error.name !== "AbortError") this.advice.textContent = `No suggestion: ${error.message}`;
    }
  }

  showSuggestion(covering) {
    this.suggested = covering ? covering.map((a) => a.agent_id) : null;
    for (const box of this.element.querySelectorAll(".expert")) {
      const match = covering && covering.find((a) => a.agent_id === box.dataset.agent);
      const badge = box.querySelector(".covers");
      badge.hidden = !match;
      badge.textContent = match ? `covers this question · ${plural(match.covering.length, "passage")}` : "";
      box.classList.toggle("suggested", Boolean(match));
    }
    if (!covering) {
      this.advice.textContent = "Type the question: the experts whose documents cover it are suggested.";
    } else if (!covering.length) {
      this.advice.textContent = "No expert's documents cover this question: experts who speak from their documents would abstain. Choose by hand, or rephrase it in their documents' words.";
    } else {
      this.advice.textContent = `Suggested, as their documents cover this question: ${covering.map((a) => a.name).join(", ")}.`;
    }
    if (this.suggested && !this.byHand) this.choose(this.suggested);
    else this.refresh();
  }

  refresh() {
    const ids = this.chosen();
    const same = this.suggested && this.suggested.length && ids.length === this.suggested.length && this.suggested.every((id) => ids.includes(id));
    this.apply.hidden = !this.suggested || !this.suggested.length || same;
    this.summary.textContent = ids.length ? `Chosen (${ids.length}): ${ids.map((id) => this.names[id] || id).join(", ")}.` : "No expert chosen yet.";
    this.onChange();
  }
}
