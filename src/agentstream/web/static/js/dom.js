// Building the page without innerHTML: text is always text, never markup.

/**
 * An element: h("button", { class: "primary", onclick: fn }, "Send").
 * Attributes starting with "on" become listeners; children are nodes or strings (as text);
 * null, undefined and false children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A relative time a person reads at a glance ("3 min ago", or the date). */
export function when(iso) {
  const date = new Date(iso);
  const seconds = (Date.now() - date.getTime()) / 1000;
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/**
 * A message in the page's alert region (announced by screen readers), gone after a while or
 * when the reader moves to another view; `forNextView`: said of the view about to open (a
 * document just added), so it stays through the navigation to it.
 */
export function notify(message, kind = "error", { forNextView = false } = {}) {
  const region = document.getElementById("notice");
  const item = h("div", { class: `notice ${kind}`, "data-next-view": forNextView }, message, h("button", {
    class: "link",
    "aria-label": "Dismiss",
    onclick: () => item.remove(),
  }, "×"));
  region.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 12000 : 5000);
}

/** A view opens: the messages of the one before are gone, those meant for this one stay. */
export function dismissNotices() {
  for (const item of document.querySelectorAll("#notice .notice")) {
    if (item.hasAttribute("data-next-view")) item.removeAttribute("data-next-view");
    else item.remove();
  }
}

/** "1 passage", "2 passages": a count with its noun in the right number. */
export function plural(count, noun, nouns = `${noun}s`) {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/**
 * An inline error block for a view that could not load. What does not exist (404) is said so,
 * with a way back (`home`: a link's href and label) and no retry: trying again cannot find it.
 */
export function errorBlock(error, retry, home = null) {
  if (error.status === 404) {
    return h(
      "div",
      { class: "error-block not-found", role: "alert" },
      h("strong", {}, `${(error.message || "Not found").replace(/\.$/, "")}. `),
      "It may have been deleted, or the link is wrong. ",
      home ? h("a", { class: "button secondary", href: home[0] }, home[1]) : null,
    );
  }
  return h(
    "div",
    { class: "error-block", role: "alert" },
    h("strong", {}, "Something went wrong. "),
    error.message || String(error),
    retry ? h("button", { class: "secondary", onclick: retry }, "Try again") : null,
  );
}

/** Sets the document title and moves focus to the view's heading (for keyboard users). */
export function focusHeading(container, title) {
  document.title = `${title} · agentstream`;
  const heading = container.querySelector("h1, h2");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}
