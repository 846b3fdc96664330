// The service's HTTP API as the UI uses it: JSON calls with the signed-in key, stream tokens,
// and event streams that resume after a network drop without repeating an event.

const KEY_STORAGE = "agentstream.apiKey";

/** The API key of this browser tab's session (sessionStorage: gone when the tab closes). */
export const credentials = {
  get() {
    return sessionStorage.getItem(KEY_STORAGE);
  },
  set(key) {
    sessionStorage.setItem(KEY_STORAGE, key);
  },
  clear() {
    sessionStorage.removeItem(KEY_STORAGE);
  },
};

/** An error answered by the service (its JSON envelope) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Listeners told when the service refuses the credentials (the UI then asks to sign in). */
const unauthorizedListeners = new Set();
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

export function authHeaders(extra = {}) {
  const key = credentials.get();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : { ...extra };
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's page): the status alone tells the story.
  }
  const error = body && body.error;
  let message = (error && error.message) || `The service answered ${response.status}`;
  if (error && Array.isArray(error.details) && error.details.length) {
    message += ": " + error.details.map((d) => `${d.field}: ${d.message}`).join("; ");
  }
  return new ApiError(response.status, (error && error.code) || "http_error", message, error && error.details);
}

/** Calls the API; resolves to the parsed JSON (null for 204), rejects with an ApiError. */
export async function api(path, { method = "GET", body, key, signal } = {}) {
  const headers = key ? { Authorization: `Bearer ${key}` } : authHeaders();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "omit",
    });
  } catch (failure) {
    if (failure.name === "AbortError") throw failure;
    throw new ApiError(0, "network", "The service cannot be reached. Check your connection.");
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && !key) unauthorizedListeners.forEach((listener) => listener(error));
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

/** A fresh stream token for one chat run or panel (see POST /api/stream-tokens). */
export async function streamToken(scope) {
  const minted = await api("/api/stream-tokens", { method: "POST", body: scope });
  return minted.token;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Consecutive failed (re)connections before giving up: about a minute with the backoff below.
const MAX_FAILURES = 12;

/**
 * Watches a run's event stream with EventSource and keeps watching through network drops: each
 * (re)connection mints a new token and asks for the events after the last one seen, and an event
 * already seen is never delivered twice.
 *
 * path: the stream URL; scope: the body of the token request; names: the SSE event names to
 * listen for ("message" for unnamed frames); onEvent(name, data, id) returns true when the
 * stream is over; onState("live" | "reconnecting" | "closed", detail) reports the connection.
 * Returns { close() }.
 */
export function watchStream({ path, scope, names, onEvent, onState = () => {}, lastEventId = 0 }) {
  let lastId = lastEventId;
  let source = null;
  let closed = false;
  let failures = 0;

  const finish = (state, detail) => {
    closed = true;
    if (source) source.close();
    onState(state, detail);
  };

  async function connect() {
    while (!closed) {
      let token;
      try {
        token = await streamToken(scope);
      } catch (error) {
        if (error.status && error.status !== 0 && error.status < 500 && error.status !== 429) {
          finish("closed", error);
          return;
        }
        failures += 1;
        if (failures > MAX_FAILURES) {
          finish("closed", error);
          return;
        }
        onState("reconnecting", error);
        await sleep(Math.min(500 * 2 ** failures, 8000));
        continue;
      }
      if (closed) return;
      const query = new URLSearchParams({ token, last_event_id: String(lastId) });
      source = new EventSource(`${path}?${query}`);
      const opened = new Promise((resolve) => {
        source.onopen = () => {
          failures = 0;
          onState("live");
        };
        // Any error closes this source: the next one gets a new token (EventSource's own retry
        // would reuse the expired one) and the events after the last one seen.
        source.onerror = () => {
          source.close();
          resolve();
        };
      });
      for (const name of names) {
        source.addEventListener(name, (event) => {
          const id = Number(event.lastEventId);
          if (id && id <= lastId) return;
          if (id) lastId = id;
          let data;
          try {
            data = JSON.parse(event.data);
          } catch {
            return;
          }
          if (onEvent(name, data, id)) finish("closed");
        });
      }
      await opened;
      if (closed) return;
      failures += 1;
      if (failures > MAX_FAILURES) {
        finish("closed", new ApiError(0, "network", "The stream could not be reopened."));
        return;
      }
      onState("reconnecting");
      await sleep(Math.min(250 * 2 ** failures, 8000));
    }
  }

  connect();
  return {
    close() {
      if (!closed) finish("closed");
    },
    get lastEventId() {
      return lastId;
    },
  };
}

/**
 * Reads a `text/event-stream` response body frame by frame: yields { id, event, data }.
 * (fetch streams what EventSource cannot send: a POST with a JSON body.)
 */
export async function* readEventStream(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame = { id: 0, event: "message", data: "" };
      const data = [];
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const text = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") frame.id = Number(text);
        else if (field === "event") frame.event = text;
        else if (field === "data") data.push(text);
      }
      if (data.length) {
        frame.data = data.join("\n");
        yield frame;
      }
    }
  }
}
