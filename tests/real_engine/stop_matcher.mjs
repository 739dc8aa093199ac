// Stop strings over streamed text, the way llama-server and Ollama apply them: text that
// could still become a stop string is held back, the stop string itself is never sent, and
// generation ends at its first occurrence.
//
// (node-llama-cpp's own customStopTriggers re-detokenize held-back SentencePiece tokens one
// by one and lose their leading spaces, so " val" never matches and held text loses spaces.)
export class StopMatcher {
  constructor(stops) {
    this.stops = stops.filter((stop) => stop.length > 0);
    this.text = "";
    this.emitted = 0;
    this.stopped = false;
  }

  // Adds decoded text; returns the part that is now safe to stream (maybe "").
  push(chunk) {
    if (this.stopped) return "";
    const searchFrom = Math.max(0, this.emitted - this.#longestStop());
    this.text += chunk;
    let earliest = -1;
    for (const stop of this.stops) {
      const index = this.text.indexOf(stop, searchFrom);
      if (index >= 0 && (earliest < 0 || index < earliest)) earliest = index;
    }
    if (earliest >= 0) {
      this.stopped = true;
      this.text = this.text.slice(0, earliest);
      return this.#emitUpTo(this.text.length);
    }
    return this.#emitUpTo(this.text.length - this.#heldBack());
  }

  // Generation ended without a stop string: release whatever was held back.
  flush() { return this.#emitUpTo(this.text.length); }

  #emitUpTo(end) {
    if (end <= this.emitted) return "";
    const out = this.text.slice(this.emitted, end);
    this.emitted = end;
    return out;
  }

  // Length of the longest tail of the text that is a proper prefix of a stop string.
  #heldBack() {
    let held = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, this.text.length); length > held; length--) {
        if (this.text.endsWith(stop.slice(0, length))) {
          held = length;
          break;
        }
      }
    }
    return held;
  }

  #longestStop() { return this.stops.reduce((max, stop) => Math.max(max, stop.length), 0); }
}
