// Markdown (model output, uploaded documents) rendered as sanitised DOM: marked parses,
// DOMPurify removes scripts, event handlers and unsafe URLs, and nothing may load from
// another origin.

import { Marked } from "../vendor/marked.esm.js";
import DOMPurify from "../vendor/purify.es.mjs";

const marked = new Marked({ gfm: true, breaks: false, async: false });

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
