// End-to-end checks of the real-engine server: both wire formats against real llama.cpp
// generation. Run: node --test tests/real_engine/wire_test.mjs
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";

import { startServer, unavailableReason } from "./launch.mjs";

const skip = unavailableReason();
if (skip) {
  process.stderr.write(`SKIP: real-engine tier: ${skip}\n`);
  test("real-engine tier is available", { skip }, () => {});
}

const CHAT = [{ role: "user", content: "Write the test for the fast model." }];

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

const ndjson = (text) => text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));

// SSE: blank-line separated events of `data: ...` lines; returns the payload strings.
function sseData(text) {
  assert.ok(text.endsWith("\n\n"), "SSE stream ends with a blank line");
  return text.split("\n\n").filter((event) => event !== "").map((event) => {
    assert.ok(event.startsWith("data: "), `event '${event}' starts with 'data: '`);
    return event.slice("data: ".length);
  });
}

// Streams a request and destroys the connection once `frames` complete frames (NDJSON lines
// or SSE events, split on `separator`) have arrived, i.e. once generation is under way.
function disconnectAfterFrames(url, body, separator, frames) {
  return new Promise((resolve, reject) => {
    let received = "";
    const req = http.request(url, { method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
      res.on("data", (chunk) => {
        received += chunk;
        if (received.split(separator).length - 1 >= frames && !req.destroyed) {
          req.destroy();
          resolve(received);
        }
      });
      res.on("error", () => {});
    });
    req.on("error", (error) => { if (!req.destroyed) reject(error); });
    req.end(JSON.stringify(body));
  });
}

async function waitIdle(server) {
  const response = await fetch(`${server.url}/debug/wait_idle?timeout_ms=20000`);
  const stats = await response.json();
  assert.equal(stats.idle, true, "server becomes idle");
  return stats;
}

describe("real engine wire formats", { skip: skip ?? false, timeout: 300000 }, () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test("Ollama discovery: tags, version, show, unknown model", async () => {
    const tags = await (await fetch(`${server.url}/api/tags`)).json();
    assert.equal(tags.models[0].name, "tiny-random:latest");
    assert.ok(tags.models[0].size > 0);
    const version = await (await fetch(`${server.url}/api/version`)).json();
    assert.match(version.version, /^\d+\.\d+\.\d+$/);
    const show = await postJson(`${server.url}/api/show`, { model: "tiny-random" });
    assert.equal(show.status, 200);
    const info = JSON.parse(show.text);
    assert.match(info.template, /\.Suffix/, "template advertises fill-in-the-middle");
    assert.ok(info.capabilities.includes("insert"));
    const missing = await postJson(`${server.url}/api/show`, { model: "no-such-model" });
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.text).error, "model 'no-such-model' not found");
  });

  test("Ollama chat streams NDJSON with counters and honours num_predict", async () => {
    const body = { model: "any-name", messages: CHAT, options: { temperature: 0, num_predict: 12 } };
    const streamed = await postJson(`${server.url}/api/chat`, body);
    assert.equal(streamed.status, 200);
    assert.equal(streamed.type, "application/x-ndjson");
    const lines = ndjson(streamed.text);
    const final = lines.at(-1);
    const pieces = lines.slice(0, -1);
    assert.ok(pieces.length >= 2, "several streamed chunks");
    for (const line of pieces) {
      assert.equal(line.done, false);
      assert.equal(line.message.role, "assistant");
      assert.equal(typeof line.message.content, "string");
    }
    assert.equal(final.done, true);
    assert.equal(final.done_reason, "length");
    assert.equal(final.eval_count, 12);
    assert.ok(final.prompt_eval_count > 5);
    assert.ok(final.eval_duration > 0 && final.total_duration >= final.eval_duration);
    assert.equal(final.model, "any-name");
    const text = pieces.map((line) => line.message.content).join("");
    // Deterministic at temperature 0: the non-streaming reply is the same text.
    const single = JSON.parse((await postJson(`${server.url}/api/chat`, { ...body, stream: false })).text);
    assert.equal(single.message.content, text);
    assert.equal(single.done_reason, "length");
    assert.equal(single.eval_count, 12);
  });

  test("stop strings (with leading spaces, split across tokens) end generation with 'stop'", async () => {
    const options = { temperature: 0, num_predict: 24 };
    const full = JSON.parse((await postJson(`${server.url}/api/chat`, { messages: CHAT, stream: false, options })).text);
    const text = full.message.content;
    const at = text.indexOf(" ", Math.floor(text.length / 3));
    assert.ok(at > 0, `a space in '${text}'`);
    const stop = text.slice(at, at + 3);
    const expected = text.slice(0, text.indexOf(stop));
    const stopped = JSON.parse((await postJson(`${server.url}/api/chat`,
      { messages: CHAT, stream: false, options: { ...options, stop: [stop, "never-there"] } })).text);
    assert.equal(stopped.done_reason, "stop");
    assert.equal(stopped.message.content, expected);
    assert.ok(stopped.eval_count < 24);
    const lines = ndjson((await postJson(`${server.url}/api/chat`, { messages: CHAT, options: { ...options, stop } })).text);
    assert.equal(lines.slice(0, -1).map((line) => line.message.content).join(""), expected, "the stop string is never streamed");
    assert.equal(lines.at(-1).done_reason, "stop");
    const events = sseData((await postJson(`${server.url}/v1/chat/completions`,
      { messages: CHAT, stream: true, max_tokens: 24, temperature: 0, stop })).text).slice(0, -1).map((d) => JSON.parse(d));
    assert.equal(events.map((event) => event.choices[0].delta.content ?? "").join(""), expected);
    assert.equal(events.at(-1).choices[0].finish_reason, "stop");
  });

  test("Ollama seeded sampling is reproducible and differs from greedy", async () => {
    const body = { messages: CHAT, stream: false, options: { temperature: 1.5, seed: 7, num_predict: 16 } };
    const first = JSON.parse((await postJson(`${server.url}/api/chat`, body)).text).message.content;
    const second = JSON.parse((await postJson(`${server.url}/api/chat`, body)).text).message.content;
    assert.equal(first, second);
    const greedy = JSON.parse((await postJson(`${server.url}/api/chat`,
      { ...body, options: { temperature: 0, num_predict: 16 } })).text).message.content;
    assert.notEqual(first, greedy);
  });

  test("Ollama generate: fill-in-the-middle with suffix, raw prompt, default cap", async () => {
    const fim = await postJson(`${server.url}/api/generate`, {
      prompt: "int add(int a, int b) {\n  return ", suffix: ";\n}\n", stream: false, options: { temperature: 0, num_predict: 8 },
    });
    const result = JSON.parse(fim.text);
    assert.equal(result.done, true);
    assert.ok(result.response.length > 0);
    assert.equal(result.eval_count, 8);
    const plain = await postJson(`${server.url}/api/generate`, { prompt: "int add(", raw: true, options: { temperature: 0 } });
    const lines = ndjson(plain.text);
    assert.ok(lines.slice(0, -1).every((line) => typeof line.response === "string" && line.done === false));
    assert.equal(lines.at(-1).eval_count, 32, "default token cap is 32");
  });

  test("a prompt longer than the context is truncated, not refused", async () => {
    const long = "int x = 1; // the code\n".repeat(800); // ~10k tokens, context is 2048
    const reply = await postJson(`${server.url}/api/chat`,
      { messages: [{ role: "user", content: long }], stream: false, options: { temperature: 0, num_predict: 8 } });
    assert.equal(reply.status, 200);
    const result = JSON.parse(reply.text);
    assert.equal(result.eval_count, 8);
    assert.ok(result.prompt_eval_count <= 2048);
  });

  test("Ollama root banner and empty-prompt load request", async () => {
    assert.equal(await (await fetch(`${server.url}/`)).text(), "Ollama is running");
    const load = JSON.parse((await postJson(`${server.url}/api/generate`, { model: "m", prompt: "" })).text);
    assert.equal(load.done, true);
    assert.equal(load.done_reason, "load");
    assert.equal(load.response, "");
  });

  test("Ollama errors are {error} with a 4xx status", async () => {
    const badJson = await fetch(`${server.url}/api/chat`, { method: "POST", body: "{nope" });
    assert.equal(badJson.status, 400);
    assert.match((await badJson.json()).error, /invalid JSON/);
    const badMessages = await postJson(`${server.url}/api/chat`, { messages: "hello" });
    assert.equal(badMessages.status, 400);
    assert.match(JSON.parse(badMessages.text).error, /messages/);
    const badOption = await postJson(`${server.url}/api/generate`, { prompt: "x", options: { num_predict: "many" } });
    assert.equal(badOption.status, 400);
  });

  test("OpenAI discovery: models and health", async () => {
    const models = await (await fetch(`${server.url}/v1/models`)).json();
    assert.equal(models.object, "list");
    assert.equal(models.data[0].id, "tiny-random:latest");
    assert.deepEqual(await (await fetch(`${server.url}/health`)).json(), { status: "ok" });
  });

  test("OpenAI chat streams SSE deltas, finish_reason, usage and [DONE]", async () => {
    const body = { model: "whatever", messages: CHAT, stream: true, max_tokens: 10, temperature: 0 };
    const streamed = await postJson(`${server.url}/v1/chat/completions`, body);
    assert.equal(streamed.status, 200);
    assert.equal(streamed.type, "text/event-stream");
    const data = sseData(streamed.text);
    assert.equal(data.at(-1), "[DONE]");
    const events = data.slice(0, -1).map((payload) => JSON.parse(payload));
    assert.equal(events[0].choices[0].delta.role, "assistant");
    const last = events.at(-1);
    assert.equal(last.choices[0].finish_reason, "length");
    assert.equal(last.usage.completion_tokens, 10);
    const deltas = events.slice(1, -1);
    assert.ok(deltas.length >= 2);
    assert.ok(deltas.every((event) => event.choices[0].finish_reason === null && event.object === "chat.completion.chunk"));
    const text = deltas.map((event) => event.choices[0].delta.content).join("");
    const single = JSON.parse((await postJson(`${server.url}/v1/chat/completions`, { ...body, stream: false })).text);
    assert.equal(single.choices[0].message.content, text);
    assert.equal(single.choices[0].finish_reason, "length");
    assert.equal(single.usage.completion_tokens, 10);
    // Same model, same prompt, same greedy decoding: both wire formats agree.
    const ollama = JSON.parse((await postJson(`${server.url}/api/chat`,
      { messages: CHAT, stream: false, options: { temperature: 0, num_predict: 10 } })).text);
    assert.equal(ollama.message.content, text);
  });

  test("OpenAI completions: suffix (FIM), stream and non-stream, max_tokens honoured", async () => {
    const body = { prompt: "def add(a, b):\n    return ", suffix: "\n\nprint(add(1, 2))\n", max_tokens: 6, temperature: 0 };
    const single = JSON.parse((await postJson(`${server.url}/v1/completions`, body)).text);
    assert.equal(single.object, "text_completion");
    assert.equal(single.usage.completion_tokens, 6);
    assert.equal(single.choices[0].finish_reason, "length");
    const data = sseData((await postJson(`${server.url}/v1/completions`, { ...body, stream: true })).text);
    assert.equal(data.at(-1), "[DONE]");
    const events = data.slice(0, -1).map((payload) => JSON.parse(payload));
    assert.equal(events.map((event) => event.choices[0].text).join(""), single.choices[0].text);
    assert.equal(events.at(-1).choices[0].finish_reason, "length");
  });

  test("OpenAI errors are {error:{message,type,code}}", async () => {
    const missing = await postJson(`${server.url}/v1/completions`, { max_tokens: 3 });
    assert.equal(missing.status, 400);
    const error = JSON.parse(missing.text).error;
    assert.equal(error.type, "invalid_request_error");
    assert.match(error.message, /prompt/);
    const unknown = await fetch(`${server.url}/v1/nothing`);
    assert.equal(unknown.status, 404);
  });

  // Frames to wait for: the first content chunk (OpenAI chat sends a role-only event first).
  for (const [name, route, body, separator, frames] of [
    ["Ollama chat", "/api/chat", { messages: CHAT, options: { temperature: 0, num_predict: 1000 } }, "\n", 1],
    ["OpenAI chat", "/v1/chat/completions", { messages: CHAT, stream: true, max_tokens: 1000, temperature: 0 }, "\n\n", 2],
    ["OpenAI completions", "/v1/completions", { prompt: "x = ", stream: true, max_tokens: 1000, temperature: 0 }, "\n\n", 1],
  ]) {
    test(`${name}: a client disconnect mid-stream cancels generation`, async () => {
      const before = (await waitIdle(server)).cancelled;
      await disconnectAfterFrames(`${server.url}${route}`, body, separator, frames);
      const stats = await waitIdle(server);
      assert.equal(stats.cancelled, before + 1);
      const record = stats.history.at(-1);
      assert.equal(record.route, route);
      assert.equal(record.done_reason, "cancelled");
      assert.ok(record.eval_count >= 1 && record.eval_count < 1000, `stopped early (${record.eval_count} of 1000 tokens)`);
    });
  }

  test("parallel requests queue for the two sequences and all finish", async () => {
    const body = (seed) => ({ messages: CHAT, stream: false, options: { temperature: 0.7, seed, num_predict: 20 } });
    const replies = await Promise.all([1, 2, 3].map((seed) => postJson(`${server.url}/api/chat`, body(seed))));
    for (const reply of replies) {
      assert.equal(reply.status, 200);
      assert.equal(JSON.parse(reply.text).eval_count, 20);
    }
  });
});

describe("real engine with an API key", { skip: skip ?? false, timeout: 120000 }, () => {
  let server;
  before(async () => { server = await startServer(["--api-key", "sekrit-test-key"]); });
  after(async () => { await server?.stop(); });

  test("OpenAI routes need the bearer key; Ollama routes do not", async () => {
    const body = { messages: CHAT, max_tokens: 3, temperature: 0 };
    const denied = await postJson(`${server.url}/v1/chat/completions`, body);
    assert.equal(denied.status, 401);
    assert.equal(JSON.parse(denied.text).error.type, "authentication_error");
    const allowed = await postJson(`${server.url}/v1/chat/completions`, body, { Authorization: "Bearer sekrit-test-key" });
    assert.equal(allowed.status, 200);
    assert.equal(JSON.parse(allowed.text).usage.completion_tokens, 3);
    assert.equal((await fetch(`${server.url}/api/tags`)).status, 200);
  });
});
