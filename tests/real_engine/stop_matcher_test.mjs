// Unit tests of the server's stop-string matching (no model needed).
// Run: node --test tests/real_engine/stop_matcher_test.mjs
import assert from "node:assert/strict";
import { test } from "node:test";

import { StopMatcher } from "./stop_matcher.mjs";

// Feeds chunks; returns what would be streamed and the matcher.
function feed(stops, chunks) {
  const matcher = new StopMatcher(stops);
  const streamed = chunks.map((chunk) => matcher.push(chunk));
  if (!matcher.stopped) streamed.push(matcher.flush());
  return { matcher, streamed: streamed.join(""), pieces: streamed };
}

test("no stop strings: everything streams at once", () => {
  const { matcher, pieces } = feed([], ["a", " b", " c"]);
  assert.deepEqual(pieces, ["a", " b", " c", ""]);
  assert.equal(matcher.stopped, false);
  assert.equal(matcher.text, "a b c");
});

test("a stop string split across chunks ends the text before it", () => {
  const { matcher, streamed } = feed(["</end>"], ["hello </", "en", "d> more"]);
  assert.equal(matcher.stopped, true);
  assert.equal(matcher.text, "hello ");
  assert.equal(streamed, "hello ");
});

test("leading spaces count and held text keeps its spaces", () => {
  const { matcher, streamed, pieces } = feed([" val"], ["a", " a", " va", "l", " x"]);
  assert.equal(matcher.stopped, true);
  assert.equal(streamed, "a a");
  assert.deepEqual(pieces.slice(0, 3), ["a", " a", ""], "' va' is held back as a possible stop prefix");
});

test("a held-back prefix that does not complete is released", () => {
  const { matcher, streamed, pieces } = feed(["STOP"], ["x ST", "AY", " here"]);
  assert.equal(matcher.stopped, false);
  assert.equal(streamed, "x STAY here");
  assert.equal(pieces[0], "x ");
});

test("the earliest of several stop strings wins", () => {
  const { matcher } = feed(["bb", "a b"], ["xa bb"]);
  assert.equal(matcher.text, "x");
});

test("nothing streams after the stop", () => {
  const matcher = new StopMatcher(["!"]);
  assert.equal(matcher.push("hi!there"), "hi");
  assert.equal(matcher.push("more"), "");
  assert.equal(matcher.text, "hi");
});
