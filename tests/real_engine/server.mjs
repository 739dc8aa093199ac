#!/usr/bin/env node
// Real-engine test server: llama.cpp (node-llama-cpp, CPU prebuilt, threads 1) running a tiny
// random-weight GGUF model, served over BOTH the Ollama (/api/*) and the OpenAI-compatible
// (/v1/*) wire formats on 127.0.0.1. Test-only: the output is deterministic gibberish.
//
//   node server.mjs [--port N|PORT env, 0 = ephemeral] [--model FILE] [--seed N]
//                   [--model-name NAME] [--ctx N] [--parallel N] [--max-tokens-cap N]
//                   [--api-key KEY|REAL_ENGINE_API_KEY env] [--exit-on-stdin-eof]
//                   [--chat-grammar FILE.gbnf]   (constrains every chat generation)
//
// The first stdout line is `LISTENING <port>` once the model is loaded and the socket is
// bound; logs go to stderr. A missing --model file is written by make_tiny_gguf.py first.
// Debug routes for tests: GET /debug/stats, GET /debug/wait_idle?timeout_ms=N.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { Engine } from "./engine.mjs";
import { HttpError, sendJson } from "./http_util.mjs";
import { ollamaRoutes } from "./ollama_routes.mjs";
import { openaiError, openaiRoutes, requireBearer } from "./openai_routes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (message) => process.stderr.write(`[real-engine] ${message}\n`);

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "0" },
    host: { type: "string", default: "127.0.0.1" },
    model: { type: "string", default: process.env.REAL_ENGINE_MODEL },
    seed: { type: "string", default: "1234" },
    "model-name": { type: "string", default: "tiny-random:latest" },
    ctx: { type: "string", default: "2048" },
    parallel: { type: "string", default: "2" },
    "max-tokens-cap": { type: "string", default: "1024" },
    "api-key": { type: "string", default: process.env.REAL_ENGINE_API_KEY ?? "" },
    "exit-on-stdin-eof": { type: "boolean", default: false },
    "chat-grammar": { type: "string" },
  },
});

function integerArg(name, min) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min) {
    log(`--${name} must be an integer >= ${min}, got '${args[name]}'`);
    process.exit(2);
  }
  return value;
}

// Default model location: a per-user cache keyed by the writer's content and the seed, so an
// edited writer never reuses a stale file. The writer replaces the file atomically.
function defaultModelPath(seed) {
  const writer = readFileSync(path.join(here, "make_tiny_gguf.py"));
  const digest = createHash("sha256").update(writer).digest("hex").slice(0, 12);
  const cacheRoot = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), ".cache") : os.tmpdir());
  return path.join(cacheRoot, "codecrucible", "real-engine", `tiny-${digest}-s${seed}.gguf`);
}

function ensureModel(modelPath, seed) {
  if (existsSync(modelPath)) return;
  mkdirSync(path.dirname(modelPath), { recursive: true });
  const started = performance.now();
  const run = spawnSync("python3", [path.join(here, "make_tiny_gguf.py"), modelPath, "--seed", String(seed)],
    { stdio: ["ignore", "inherit", "inherit"] });
  if (run.status !== 0) throw new Error(`make_tiny_gguf.py failed (${run.error?.message ?? `exit ${run.status}`})`);
  log(`wrote ${modelPath} in ${(performance.now() - started).toFixed(0)} ms`);
}

async function main() {
  const port = integerArg("port", 0);
  const seed = integerArg("seed", 0);
  const modelPath = args.model ?? defaultModelPath(seed);
  ensureModel(modelPath, seed);

  const loadStarted = performance.now();
  const engine = await Engine.load({
    modelPath,
    modelName: args["model-name"],
    contextSize: integerArg("ctx", 64),
    parallel: integerArg("parallel", 1),
    maxTokensCap: integerArg("max-tokens-cap", 1),
    chatGrammar: args["chat-grammar"] ? readFileSync(args["chat-grammar"], "utf8") : undefined,
    log,
  });
  log(`model loaded in ${(performance.now() - loadStarted).toFixed(0)} ms (ctx ${engine.contextSize})`);

  const routes = {
    ...ollamaRoutes(engine),
    ...openaiRoutes(engine),
    "GET /debug/stats": async (req, res) => sendJson(res, 200, engine.snapshot()),
    "GET /debug/wait_idle": async (req, res, url) => {
      const timeoutMs = Math.min(Number(url.searchParams.get("timeout_ms") ?? 10000) || 10000, 60000);
      const idle = await engine.waitIdle(timeoutMs);
      sendJson(res, idle ? 200 : 408, { idle, ...engine.snapshot() });
    },
  };
  const apiKey = args["api-key"];

  const server = http.createServer({ noDelay: true }, async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const isOpenai = url.pathname.startsWith("/v1/");
    const fail = (status, message) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, status, isOpenai ? openaiError(status, message) : { error: message });
    };
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) {
      const known = Object.keys(routes).some((key) => key.endsWith(` ${url.pathname}`));
      return fail(known ? 405 : 404, known ? `method ${req.method} not allowed` : `no route ${url.pathname}`);
    }
    try {
      if (isOpenai) requireBearer(apiKey, req);
      await handler(req, res, url);
    } catch (error) {
      if (!(error instanceof HttpError)) log(`${req.method} ${url.pathname}: ${error.stack ?? error}`);
      fail(error instanceof HttpError ? error.status : 500, error.message);
    }
  });

  let closing = false;
  const shutdown = async (why) => {
    if (closing) return;
    closing = true;
    log(`shutting down (${why})`);
    server.close();
    server.closeAllConnections();
    await engine.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  if (args["exit-on-stdin-eof"]) {
    process.stdin.on("end", () => shutdown("stdin closed"));
    process.stdin.on("error", () => shutdown("stdin error"));
    process.stdin.resume();
  }

  server.listen(port, args.host, () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
    log(`serving ${engine.modelName} on http://${args.host}:${server.address().port}`);
  });
}

main().catch((error) => {
  log(`fatal: ${error.stack ?? error}`);
  process.exit(1);
});
