// Documents: the tenant's knowledge base (list, upload Markdown, read), rendered sanitised.

import { api } from "./api.js";
import { errorBlock, focusHeading, h, notify, when } from "./dom.js";
import { renderInto } from "./markdown.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The list of the tenant's documents and the upload form. */
export async function showDocuments(root) {
  const list = h("ul", { class: "doc-list" }, h("li", { class: "empty" }, "Loading…"));
  const builtinList = h("ul", { class: "doc-list" });
  const builtinSection = h("section", { hidden: true }, h("h2", {}, "Built-in policies"), builtinList);
  const title = h("input", { id: "doc-title", required: true, maxlength: 200, placeholder: "e.g. On-call rota" });
  const file = h("input", { id: "doc-file", type: "file", accept: ".md,.markdown,.txt,text/markdown,text/plain" });
  const content = h("textarea", { id: "doc-content", rows: 10, required: true, placeholder: "# Title\n\n## Section\n\nText…" });
  const error = h("p", { class: "form-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "primary" }, "Upload");
  const form = h("form", { class: "card upload" },
    h("h2", {}, "Add a document"),
    h("p", { class: "help" }, "Markdown or plain text. ", h("code", {}, "##"), " headings become sections the assistant cites."),
    h("label", { for: "doc-file" }, "File (optional)"), file,
    h("label", { for: "doc-title" }, "Title"), title,
    h("label", { for: "doc-content" }, "Content"), content,
    error, submit);

  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    content.value = await chosen.text();
    if (!title.value) {
      const heading = content.value.match(/^#\s+(.+)$/m);
      title.value = heading ? heading[1].trim() : chosen.name.replace(/\.(md|markdown|txt)$/i, "");
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = "";
    try {
      const document = await api("/api/documents", { method: "POST", body: { title: title.value.trim(), content: content.value } });
      notify(`“${document.title}” added: the assistant can cite it now.`, "info", { forNextView: true });
      location.hash = `#/documents/${document.id}`;
    } catch (failure) {
      error.textContent = failure.message;
      submit.disabled = false;
    }
  });

  root.replaceChildren(
    h("div", { class: "page two-columns" },
      h("section", {},
        h("h1", {}, "Documents"),
        h("p", { class: "help" }, "Your own documents, which the assistant searches along with the built-in policies."),
        list,
        builtinSection),
      form),
  );
  focusHeading(root, "Documents");

  async function load() {
    try {
      const builtin = await api("/api/documents/builtin");
      builtinSection.hidden = !builtin.documents.length;
      builtinList.replaceChildren(...builtin.documents.map((d) => h("li", {}, h("a", { href: `#/documents/${encodeURIComponent(d.id)}` }, d.title))));
      const page = await api("/api/documents?limit=100");
      list.replaceChildren(...page.documents.map((d) =>
        h("li", {}, h("a", { href: `#/documents/${d.id}` }, d.title), h("span", { class: "meta" }, ` added ${when(d.created_at)}`))));
      if (!page.documents.length) list.replaceChildren(h("li", { class: "empty" }, "No documents yet: add one with the form."));
    } catch (failure) {
      list.replaceChildren(errorBlock(failure, load));
    }
  }
  await load();
}

/** Scrolls to and focuses the heading named `section`, marked as the passage cited. */
function showSection(body, section) {
  if (!section) return;
  const heading = [...body.querySelectorAll("h2, h3, h4, h5, h6")].find((el) => el.textContent.trim() === section.trim());
  if (!heading) return;
  heading.classList.add("cited");
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
  // The top bar's observer reports its height after a layout; on a phone the bar may have
  // wrapped since, and the heading would land under it.
  const topbar = document.querySelector(".topbar");
  if (topbar) document.documentElement.style.setProperty("--topbar-height", `${topbar.offsetHeight}px`);
  heading.scrollIntoView({ block: "start" });
}

/** One document, its Markdown rendered sanitised, scrolled to the section `?section=` names
 * (the one an answer cited). */
export async function showDocument(root, id, params = new URLSearchParams()) {
  const back = h("a", { href: "#/documents", class: "back" }, "← Documents");
  const body = h("div", { class: "markdown document-body" });
  root.replaceChildren(h("div", { class: "page narrow" }, back, body));
  try {
    // Answers cite the tenant's documents by UUID and the built-in policies by name.
    const builtin = !UUID.test(id);
    const document = await api(builtin ? `/api/documents/builtin/${encodeURIComponent(id)}` : `/api/documents/${encodeURIComponent(id)}`);
    const remove = builtin ? null : h("button", { type: "button", class: "danger secondary" }, "Delete");
    remove?.addEventListener("click", async () => {
      if (!confirm(`Delete “${document.title}”? The assistant will no longer cite it.`)) return;
      try {
        await api(`/api/documents/${document.id}`, { method: "DELETE" });
        location.hash = "#/documents";
      } catch (failure) {
        notify(failure.message);
      }
    });
    renderInto(body, document.content);
    // A document usually opens with its title as a heading: shown once, in the page header.
    const first = body.firstElementChild;
    if (first && first.tagName === "H1" && first.textContent.trim() === document.title.trim()) first.remove();
    root.firstChild.replaceChildren(back,
      h("header", { class: "doc-header" },
        h("h1", {}, document.title),
        h("span", { class: "meta" }, builtin ? "built-in policy" : `added ${when(document.created_at)}`),
        remove),
      body);
    focusHeading(root, document.title);
    showSection(body, params.get("section"));
  } catch (failure) {
    root.firstChild.replaceChildren(back, errorBlock(failure));
  }
}
