// The llama.cpp engine behind the test server: loads the tiny GGUF through node-llama-cpp
// (prebuilt CPU binaries only: never builds or downloads anything), hands out context
// sequences from a small pool and runs one generation per request with real streaming,
// stop strings, token caps and abort-on-disconnect. Also keeps the counters that the tests
// read through /debug/stats to prove that a disconnect really stopped generation.
import { getLlama, LlamaCompletion, LlamaLogLevel } from "node-llama-cpp";

import { StopMatcher } from "./stop_matcher.mjs";

const STOP_REASONS = {
  eogToken: "stop",
  stopGenerationTrigger: "stop",
  customStopTrigger: "stop",
  maxTokens: "length",
  abort: "cancelled",
};
const HISTORY_LIMIT = 32;

const HISTORY_TEXT_LIMIT = 4096;
const CHAT_ROUTES = new Set(["/api/chat", "/v1/chat/completions"]);

export class Engine {
  // chatGrammar: optional GBNF text; when given, every chat generation (/api/chat,
  // /v1/chat/completions) is constrained by it, so tests can ask a random-weight model for
  // output of a known shape (e.g. one fenced code block) whose content is still sampled.
  static async load({ modelPath, modelName, contextSize, parallel, maxTokensCap, chatGrammar, log }) {
    const llama = await getLlama({
      gpu: false,
      build: "never",            // never compile llama.cpp
      skipDownload: true,        // never fetch its sources
      usePrebuiltBinaries: true, // the @node-llama-cpp/linux-x64 package
      progressLogs: false,
      maxThreads: 1,             // 2 shared cores: one compute thread per context
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => log(`llama.cpp ${level}: ${message.trimEnd()}`),
    });
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    // threads: 1 keeps the 2-core test machine usable for everyone else.
    const context = await model.createContext({ contextSize, sequences: parallel, threads: 1, batchSize: 512 });
    const grammar = chatGrammar ? await llama.createGrammar({ grammar: chatGrammar }) : null;
    return new Engine({ llama, model, context, modelPath, modelName, parallel, maxTokensCap, grammar });
  }

  constructor({ llama, model, context, modelPath, modelName, parallel, maxTokensCap, grammar }) {
    this.llama = llama;
    this.model = model;
    this.context = context;
    this.modelPath = modelPath;
    this.modelName = modelName;
    this.maxTokensCap = maxTokensCap;
    this.chatGrammar = grammar ?? null;
    this.free = Array.from({ length: parallel }, () => context.getSequence());
    this.waiters = [];
    this.idleWaiters = [];
    this.stats = { requests: 0, active: 0, completed: 0, cancelled: 0, errors: 0, tokens_generated: 0 };
    this.history = [];
  }

  get contextSize() { return this.context.contextSize; }
  get vocabularySize() { return this.model.fileInfo.metadata?.llama?.vocab_size ?? null; }
  get infillSupported() { return this.model.tokens.infill.prefix != null && this.model.tokens.infill.suffix != null; }

  countTokens(text) { return this.model.tokenize(text).length; }
  tokenize(text) { return Array.from(this.model.tokenize(text)); }

  // Clamp the caller's token budget: a random model almost never stops on its own.
  resolveMaxTokens(requested, fallback = 32) {
    const wanted = Number.isInteger(requested) && requested > 0 ? requested : fallback;
    return Math.min(wanted, this.maxTokensCap);
  }

  /**
   * Generate text. `prompt` is the full prompt (already templated); with `suffix` the
   * model's infill tokens give real fill-in-the-middle. Resolves (never rejects on abort)
   * with { text, doneReason: "stop"|"length"|"cancelled", promptTokens, evalCount,
   * promptEvalNs, evalNs, totalNs }. `onText(chunk)` streams as tokens are decoded.
   */
  async generate({ route, prompt, suffix, maxTokens, temperature, seed, stop, signal, onText }) {
    const started = process.hrtime.bigint();
    this.stats.requests += 1;
    this.stats.active += 1;
    const record = { route, max_tokens: maxTokens, done_reason: "cancelled", eval_count: 0, prompt_eval_count: 0 };
    let sequence = null;
    try {
      sequence = await this.#acquire(signal);
      if (sequence === null) return this.#finish(record, started, started, { text: "" });
      await sequence.clearHistory(); // every request starts clean: deterministic output
      const completion = new LlamaCompletion({ contextSequence: sequence });
      // Our own abort: the caller's signal (client gone) or a stop string was reached.
      const controller = new AbortController();
      const onCallerAbort = () => controller.abort();
      signal?.addEventListener("abort", onCallerAbort, { once: true });
      if (signal?.aborted) controller.abort(); // gone while the history was being cleared
      const stops = new StopMatcher(stop);
      let firstTokenAt = null;
      const options = {
        ...(this.chatGrammar && suffix == null && CHAT_ROUTES.has(route) ? { grammar: this.chatGrammar } : {}),
        maxTokens,
        temperature: temperature > 0 ? temperature : 0,
        seed: seed ?? 42,
        signal: controller.signal,
        stopOnAbortSignal: true,
        onToken: (tokens) => {
          firstTokenAt ??= process.hrtime.bigint();
          record.eval_count += tokens.length;
          this.stats.tokens_generated += tokens.length;
        },
        onTextChunk: (text) => {
          const ready = stops.push(text);
          if (ready.length > 0) onText?.(ready);
          if (stops.stopped) controller.abort();
        },
      };
      const specialTokens = suffix != null ? 4 : 1; // BOS, plus <PRE> <SUF> <MID> for infill
      record.prompt_eval_count = Math.min(this.contextSize,
        this.countTokens(prompt) + (suffix != null ? this.countTokens(suffix) : 0) + specialTokens);
      let result;
      try {
        result = suffix != null
          ? await completion.generateInfillCompletionWithMeta(prompt, suffix, options)
          : await completion.generateCompletionWithMeta(prompt, options);
      } finally {
        signal?.removeEventListener("abort", onCallerAbort);
        completion.dispose({ disposeSequence: false });
      }
      if (signal?.aborted) {
        record.done_reason = "cancelled";
      } else if (stops.stopped) {
        record.done_reason = "stop";
      } else {
        const rest = stops.flush();
        if (rest.length > 0) onText?.(rest);
        record.done_reason = STOP_REASONS[result.metadata.stopReason] ?? "stop";
      }
      return this.#finish(record, started, firstTokenAt ?? process.hrtime.bigint(), { text: stops.text });
    } catch (error) {
      if (signal?.aborted) return this.#finish(record, started, started, { text: "" });
      this.stats.errors += 1;
      record.done_reason = "error";
      this.#remember(record);
      throw error;
    } finally {
      if (sequence !== null) this.#release(sequence);
      this.stats.active -= 1;
      if (this.stats.active === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    }
  }

  #finish(record, started, firstTokenAt, { text }) {
    const ended = process.hrtime.bigint();
    // What the model answered, so a test can check an edit it received came from it.
    record.text = text.length > HISTORY_TEXT_LIMIT ? text.slice(0, HISTORY_TEXT_LIMIT) : text;
    if (record.done_reason === "cancelled") this.stats.cancelled += 1;
    else this.stats.completed += 1;
    this.#remember(record);
    return {
      text,
      doneReason: record.done_reason,
      promptTokens: record.prompt_eval_count,
      evalCount: record.eval_count,
      promptEvalNs: Number(firstTokenAt - started),
      evalNs: Number(ended - firstTokenAt),
      totalNs: Number(ended - started),
    };
  }

  #remember(record) {
    this.history.push(record);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
  }

  // Resolves with a free sequence, or null when `signal` aborts while queued.
  #acquire(signal) {
    if (signal?.aborted) return Promise.resolve(null);
    if (this.free.length > 0) return Promise.resolve(this.free.pop());
    return new Promise((resolve) => {
      const waiter = { resolve };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) {
          this.waiters.splice(index, 1);
          resolve(null);
        }
      }, { once: true });
    });
  }

  #release(sequence) {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(sequence);
    else this.free.push(sequence);
  }

  // Resolves true once no request is in flight, false after `timeoutMs`.
  waitIdle(timeoutMs) {
    if (this.stats.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const index = this.idleWaiters.indexOf(wake);
        if (index >= 0) this.idleWaiters.splice(index, 1);
        resolve(false);
      }, timeoutMs);
      const wake = () => { clearTimeout(timer); resolve(true); };
      this.idleWaiters.push(wake);
    });
  }

  snapshot() {
    return { ...this.stats, queued: this.waiters.length, history: this.history.slice() };
  }

  async close() {
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }
}
