// Markdown (model output, uploaded documents) rendered as sanitised DOM: marked parses,
// DOMPurify removes scripts, event handlers and unsafe URLs, and nothing may load from
// another origin.

import { Marked } from "../vendor/marked.esm.js";
import DOMPurify from "../vendor/purify.es.mjs";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

// Raw HTML in Markdown is shown as the text it is, not parsed: an answer quoting a placeholder
// such as `<work-order-id>` or an address in angle brackets keeps it (the sanitiser would
// otherwise drop it as an unknown tag), and markup in model output never becomes elements.
const marked = new Marked({ gfm: true, breaks: false, async: false, renderer: { html: ({ text }) => escapeHtml(text) } });

const SAFE_LINK = /^(https?:|mailto:|#)/i;

// Links open outside the app without telling the other site where they came from; anything that
// would load a resource (images, media) is dropped: the page talks to its own origin only.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href") || "";
    if (!SAFE_LINK.test(href.trim())) {
      node.removeAttribute("href");
    } else if (!href.startsWith("#")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
});

const PURIFY = {
  RETURN_DOM_FRAGMENT: true,
  FORBID_TAGS: ["style", "img", "picture", "video", "audio", "source", "iframe", "form", "input", "button", "svg", "math"],
  FORBID_ATTR: ["style", "srcset", "src", "action", "formaction"],
};

/** The Markdown text as a sanitised DocumentFragment. */
export function renderMarkdown(text) {
  return DOMPurify.sanitize(marked.parse(text || ""), PURIFY);
}

/** Replaces an element's content with the rendered Markdown. */
export function renderInto(element, text) {
  element.replaceChildren(renderMarkdown(text));
}
