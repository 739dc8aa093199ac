// Prints the real-engine figures quoted in docs and reports (not a test: no assertions):
// server start to LISTENING, generation speed, first-token latency, cancel-to-idle latency.
// Run: node tests/real_engine/measure.mjs [tokens=512]
import http from "node:http";
import os from "node:os";

import { startServer, unavailableReason } from "./launch.mjs";

const skip = unavailableReason();
if (skip) {
  console.log(`SKIP: real-engine tier: ${skip}`);
  process.exit(0);
}
const tokens = Number(process.argv[2] ?? 512);
const post = async (url, body) => (await fetch(url, {
  method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
})).json();

const started = performance.now();
const server = await startServer();
const startMs = performance.now() - started;
try {
  const completion = await post(`${server.url}/v1/completions`, { prompt: "def main():", max_tokens: tokens, temperature: 0 });
  const chat = await post(`${server.url}/api/chat`, {
    messages: [{ role: "user", content: "Explain the router." }], stream: false, options: { temperature: 0.7, seed: 1, num_predict: tokens },
  });
  // First token latency and cancel-to-idle latency over a raw streaming request.
  const { firstTokenMs, idleAfterCancelMs } = await new Promise((resolve, reject) => {
    const sent = performance.now();
    const req = http.request(`${server.url}/api/chat`, { method: "POST" }, (res) => {
      res.once("data", async () => {
        const firstTokenMs = performance.now() - sent;
        const cancelled = performance.now();
        req.destroy();
        await (await fetch(`${server.url}/debug/wait_idle?timeout_ms=20000`)).json();
        resolve({ firstTokenMs, idleAfterCancelMs: performance.now() - cancelled });
      });
    });
    req.on("error", (error) => { if (!req.destroyed) reject(error); });
    req.end(JSON.stringify({ messages: [{ role: "user", content: "hi" }], options: { num_predict: 1000, temperature: 0 } }));
  });
  console.log(JSON.stringify({
    load_average_1m: os.loadavg()[0],
    server_start_to_listening_ms: Math.round(startMs),
    openai_completion: { tokens: completion.usage.completion_tokens, tokens_per_s: Math.round(completion.timings.predicted_per_second),
      prompt_ms: Number(completion.timings.prompt_ms.toFixed(1)) },
    ollama_chat_sampled: { tokens: chat.eval_count, tokens_per_s: Math.round(chat.eval_count / (chat.eval_duration / 1e9)),
      prompt_tokens: chat.prompt_eval_count, prompt_ms: Number((chat.prompt_eval_duration / 1e6).toFixed(1)) },
    first_token_ms: Number(firstTokenMs.toFixed(1)),
    cancel_to_idle_ms: Number(idleAfterCancelMs.toFixed(1)),
  }, null, 2));
} finally {
  await server.stop();
}
