// What screen readers hear of streamed text: a polite live region fed in chunks (whole
// sentences, or a stretch of words when no sentence ends soon), never a token at a time, never
// the same text twice.

import { h } from "./dom.js";

// Chunks come no closer together than this, so that a fast stream does not flood the reader.
const GAP_MS = 1000;
// Without a sentence's end, words are spoken once this many characters or this long a wait
// have gathered, so that a stream with no punctuation is still heard as it comes.
const MOST_CHARS = 200;
const LONGEST_WAIT_MS = 3000;
// How often text still too short to say is looked at again.
const POLL_MS = 250;
// The region keeps its latest chunks only: removed ones are not announced, and a long
// session does not grow the page without end.
const KEPT = 40;
// Up to the last end of a sentence (or of a line) in the text.
const SENTENCES = /^[\s\S]*(?:[.!?…]["'”’)\]]*\s|\n)/;

/** A visually hidden polite live region: `say(text)` announces `text` once. */
export function liveRegion() {
  const element = h("div", { class: "sr-only live-speech", "aria-live": "polite", "aria-atomic": "false" });
  const say = (text) => {
    const spoken = text.trim();
    if (!spoken) return;
    element.append(h("p", {}, spoken));
    while (element.childElementCount > KEPT) element.firstElementChild.remove();
  };
  return { element, say };
}

/** Markdown read aloud: its words, not its markup. */
export function speakable(markdown) {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s?)/gm, "")
    .replace(/[*_`|~]+/g, "")
    .replace(/[ \t]+/g, " ");
}

/**
 * One streamed text told to `say` chunk by chunk. `update(text)` gives the text so far,
 * `finish(text)` the whole of it; `prose(text)` is the part of it meant to be heard (a prefix).
 * A paused speaker gathers its text and speaks it once `resume()` is called; `onDone` runs
 * when all of a finished text has been said.
 */
export class StreamSpeaker {
  constructor(say, { prose = (text) => text, paused = false, onDone = null } = {}) {
    this.say = say;
    this.prose = prose;
    this.paused = paused;
    this.onDone = onDone;
    this.text = "";
    this.spoken = 0;
    this.finished = false;
    this.timer = null;
    this.lastSaid = performance.now();
  }

  update(text) {
    this.text = text;
    this.schedule(0);
  }

  finish(text) {
    // What was said stays said: a final text that does not start with it is taken as the same.
    if (text !== undefined && text.startsWith(this.prose(this.text).slice(0, this.spoken))) this.text = text;
    this.finished = true;
    this.schedule(0);
  }

  resume() {
    this.paused = false;
    this.lastSaid = performance.now() - GAP_MS;
    this.schedule(0);
  }

  /** Stops speaking: nothing more of this text is said. */
  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    this.paused = true;
  }

  schedule(delay) {
    if (this.paused || this.timer !== null) return;
    const wait = Math.max(delay, this.lastSaid + GAP_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.speakWhatIsReady();
    }, Math.max(0, wait));
  }

  speakWhatIsReady() {
    if (this.paused) return;
    const unspoken = this.prose(this.text).slice(this.spoken);
    const chunk = this.nextChunk(unspoken);
    if (chunk) {
      this.say(speakable(chunk));
      this.spoken += chunk.length;
      this.lastSaid = performance.now();
    }
    if (this.prose(this.text).length > this.spoken) {
      this.schedule(chunk ? GAP_MS : POLL_MS);
    } else if (this.finished && this.onDone) {
      const done = this.onDone;
      this.onDone = null;
      done();
    }
  }

  /** The next piece to say: whole sentences, else words once enough waited or gathered. */
  nextChunk(unspoken) {
    const head = unspoken.slice(0, MOST_CHARS);
    const whole = unspoken.length <= MOST_CHARS && this.finished;
    if (whole) return unspoken;
    const sentences = head.match(SENTENCES);
    if (sentences && sentences[0].trim()) return sentences[0];
    const waited = performance.now() - this.lastSaid >= LONGEST_WAIT_MS;
    if (unspoken.length < MOST_CHARS && !waited && !this.finished) return "";
    // Up to the last space: a word still streaming is not cut in two.
    const words = head.match(/^[\s\S]*\s/);
    if (words && words[0].trim()) return words[0];
    return this.finished || head.length >= MOST_CHARS ? head : "";
  }
}

/**
 * Texts streaming side by side (a panel's experts speak at once), told one after another:
 * each from its start, its speaker's name first, the next once the one before has finished and
 * been said (heard interleaved, they would make no sense).
 */
export class SpeakerQueue {
  constructor(say) {
    this.say = say;
    this.speakers = [];
    this.closing = "";
  }

  /** A speaker for a text by `name`; its `closing`, if set before it finishes, is said after it. */
  add(name, prose) {
    let named = false;
    const speaker = new StreamSpeaker((text) => {
      this.say(named ? text : `${name}: ${text}`);
      named = true;
    }, {
      prose,
      paused: this.speakers.length > 0,
      onDone: () => {
        if (speaker.closing) this.say(speaker.closing);
        this.next(speaker);
      },
    });
    this.speakers.push(speaker);
    return speaker;
  }

  /** `text` is said once every text queued has been. */
  sayLast(text) {
    if (this.speakers.length) this.closing = text;
    else this.say(text);
  }

  next(done) {
    this.speakers = this.speakers.filter((speaker) => speaker !== done);
    if (this.speakers.length) this.speakers[0].resume();
    else if (this.closing) {
      this.say(this.closing);
      this.closing = "";
    }
  }

  /** Nothing more is said. */
  stop() {
    for (const speaker of this.speakers) speaker.stop();
    this.speakers = [];
    this.closing = "";
  }
}
