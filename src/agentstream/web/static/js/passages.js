// One passage an expert cited, read from the expert's documents
// (GET /api/v1/agents/{id}/passages): a citation chip opens it.

import { api, ApiError } from "./api.js";
import { errorBlock, focusHeading, h } from "./dom.js";
import { renderInto } from "./markdown.js";

/** The UI's address of the passage `passageId` of the expert `agentId`. */
export const passageHref = (agentId, passageId) =>
  `#/experts/${encodeURIComponent(agentId)}/passages?${new URLSearchParams({ id: passageId })}`;

/** Shows the passage `params.get("id")` of an expert's documents. */
export async function showPassage(root, agentId, params) {
  // The reader came from a panel: back goes there, wherever that was.
  const back = h("a", { href: "#/panels", class: "back", onclick: backInHistory }, "← Back");
  const page = h("div", { class: "page narrow" }, back, h("p", { class: "muted" }, "Loading…"));
  root.replaceChildren(page);
  const passageId = params.get("id") || "";
  try {
    const listing = await api(`/api/v1/agents/${encodeURIComponent(agentId)}/passages`);
    const passage = listing.passages.find((p) => p.id === passageId);
    if (!passage) throw new ApiError(404, "not_found", `No passage ${passageId} in this expert's documents`);
    const body = h("div", { class: "markdown document-body" });
    renderInto(body, passage.text);
    page.replaceChildren(back,
      h("header", { class: "doc-header" },
        h("h1", {}, passage.section || passage.document),
        h("span", { class: "meta" }, `${passage.document} · cited as ${passage.id}`)),
      body);
    focusHeading(root, passage.section || passage.document);
  } catch (error) {
    page.replaceChildren(back, errorBlock(error, () => showPassage(root, agentId, params), ["#/panels", "All panels"]));
  }
}

function backInHistory(event) {
  if (history.length < 2) return;
  event.preventDefault();
  history.back();
}
