// The UI's entry point: who is signed in, and which view the URL fragment names.

import { api, ApiError, credentials, onUnauthorized } from "./api.js";
import { showChat } from "./chat.js";
import { dismissNotices, errorBlock, focusHeading, h } from "./dom.js";
import { showDocument, showDocuments } from "./documents.js";
import { showPanelForm } from "./panel-form.js";
import { showPanel, showPanels } from "./panels.js";
import { showPassage } from "./passages.js";

const main = document.getElementById("main");
const tabs = document.querySelector(".tabs");
const tenantName = document.getElementById("tenant-name");
const signOut = document.getElementById("sign-out");
let cleanup = null;

/** The routes: "#/section/rest" → a view. Each view may return a function that stops it. */
const ROUTES = [
  [/^#\/chat(?:\/(.+))?$/, (m) => showChat(main, m[1] ? decodeURIComponent(m[1]) : null)],
  [/^#\/panels\/new$/, () => showPanelForm(main)],
  [/^#\/panels\/(.+)$/, (m) => showPanel(main, decodeURIComponent(m[1]))],
  [/^#\/panels(?:\?(.*))?$/, (m) => showPanels(main, new URLSearchParams(m[1] || ""))],
  [/^#\/documents\/([^?]+)(?:\?(.*))?$/, (m) => showDocument(main, decodeURIComponent(m[1]), new URLSearchParams(m[2] || ""))],
  [/^#\/documents$/, () => showDocuments(main)],
  [/^#\/experts\/([^/?]+)\/passages(?:\?(.*))?$/, (m) => showPassage(main, decodeURIComponent(m[1]), new URLSearchParams(m[2] || ""))],
];

async function route() {
  if (typeof cleanup === "function") cleanup();
  cleanup = null;
  dismissNotices();
  const hash = location.hash || "#/chat";
  const section = hash.split(/[/?]/)[1];
  for (const link of tabs.querySelectorAll("a")) {
    link.toggleAttribute("aria-current", link.dataset.section === section);
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
  }
  for (const [pattern, view] of ROUTES) {
    const match = hash.match(pattern);
    if (match) {
      try {
        cleanup = await view(match);
      } catch (error) {
        main.replaceChildren(errorBlock(error, route));
      }
      return;
    }
  }
  showNotFound();
}

/** A link to a view this UI does not have: said so, with a way home. */
function showNotFound() {
  main.replaceChildren(h("div", { class: "page narrow" },
    h("h1", {}, "Page not found"),
    h("div", { class: "error-block not-found" },
      "There is no page at this address in agentstream. ",
      h("a", { class: "button secondary", href: "#/chat" }, "Go to the chat"))));
  focusHeading(main, "Page not found");
}

/** The sign-in form: an API key, checked against GET /api/tenant, kept for this tab only. */
function showSignIn(reason) {
  tabs.hidden = true;
  signOut.hidden = true;
  tenantName.textContent = "";
  const input = h("input", {
    id: "api-key",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "api-key-help api-key-error",
  });
  const error = h("p", { id: "api-key-error", class: "form-error", role: "alert" }, reason || "");
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { class: "card signin" },
    h("h1", {}, "Sign in"),
    h("label", { for: "api-key" }, "API key"),
    input,
    h("p", { id: "api-key-help", class: "help" },
      "A tenant's API key, as printed by ", h("code", {}, "agentstream tenants create"),
      ". It is kept in this browser tab only, until you close it or sign out."),
    error,
    button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    button.disabled = true;
    error.textContent = "";
    input.removeAttribute("aria-invalid");
    try {
      const tenant = await api("/api/tenant", { key });
      credentials.set(key);
      signedIn(tenant);
    } catch (failure) {
      error.textContent = failure instanceof ApiError && failure.status === 401
        ? "This API key was not accepted. Check it and try again."
        : `Could not sign in: ${failure.message}`;
      if (failure instanceof ApiError && failure.status === 401) input.setAttribute("aria-invalid", "true");
      button.disabled = false;
      input.select();
    }
  });
  main.replaceChildren(h("div", { class: "center" }, form));
  focusHeading(main, "Sign in");
  input.focus();
}

function signedIn(tenant) {
  tenantName.textContent = tenant.name;
  tenantName.title = `Tenant ${tenant.id}`;
  tabs.hidden = false;
  signOut.hidden = !credentials.get();
  window.addEventListener("hashchange", route);
  route();
}

// The views live in the URL fragment, so the skip link moves the focus instead of the fragment.
document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

// The sticky top bar's height (it wraps on a phone), for what scrolls into view under it.
new ResizeObserver(([entry]) => {
  document.documentElement.style.setProperty("--topbar-height", `${entry.target.offsetHeight}px`);
}).observe(document.querySelector(".topbar"));

signOut.addEventListener("click", () => {
  credentials.clear();
  window.removeEventListener("hashchange", route);
  if (typeof cleanup === "function") cleanup();
  showSignIn("Signed out.");
});

onUnauthorized(() => {
  credentials.clear();
  window.removeEventListener("hashchange", route);
  showSignIn("Your session is no longer valid: sign in again.");
});

// In development mode the service answers without a key; otherwise its page says a key is
// required, and none is sent for before one is entered.
const signInRequired = document.querySelector("meta[name=agentstream-sign-in]")?.content !== "none";

async function start() {
  if (signInRequired && !credentials.get()) {
    showSignIn();
    return;
  }
  try {
    signedIn(await api("/api/tenant", { key: credentials.get() || undefined }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      credentials.clear();
      showSignIn();
    } else {
      main.replaceChildren(errorBlock(error, start));
    }
  }
}

start();
