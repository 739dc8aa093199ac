// OpenAI-compatible wire format (/v1/*, plus llama-server's /health and /tokenize) over the
// shared engine. Streaming replies are Server-Sent Events ending with `data: [DONE]`.
import { randomUUID } from "node:crypto";
import {
  HttpError, abortOnDisconnect, formatChat, optionalInteger, optionalNumber, readJsonBody,
  requiredString, sendJson, startSse, stopList,
} from "./http_util.mjs";

const FINISH_REASONS = { stop: "stop", length: "length", cancelled: "stop" };

export function openaiRoutes(engine) {
  const created = Math.floor(Date.now() / 1000);

  async function generation(req, res, { chat }) {
    const body = await readJsonBody(req);
    const model = typeof body.model === "string" && body.model !== "" ? body.model : engine.modelName;
    let prompt;
    let suffix;
    if (chat) {
      prompt = formatChat(body.messages);
    } else {
      const raw = Array.isArray(body.prompt) && body.prompt.length === 1 ? body.prompt[0] : body.prompt;
      prompt = requiredString(raw, "prompt");
      if (body.suffix !== undefined && body.suffix !== null && body.suffix !== "") suffix = requiredString(body.suffix, "suffix");
    }
    const requested = optionalInteger(body.max_completion_tokens, "max_completion_tokens")
      ?? optionalInteger(body.max_tokens, "max_tokens");
    const request = {
      route: chat ? "/v1/chat/completions" : "/v1/completions",
      prompt,
      suffix,
      maxTokens: engine.resolveMaxTokens(requested),
      temperature: optionalNumber(body.temperature, "temperature") ?? 0.8,
      seed: optionalInteger(body.seed, "seed"),
      stop: stopList(body.stop),
    };
    const id = `${chat ? "chatcmpl" : "cmpl"}-${randomUUID()}`;
    const object = chat ? "chat.completion" : "text_completion";
    const usage = (result) => ({
      prompt_tokens: result.promptTokens, completion_tokens: result.evalCount,
      total_tokens: result.promptTokens + result.evalCount,
    });
    const timings = (result) => ({
      prompt_n: result.promptTokens, prompt_ms: result.promptEvalNs / 1e6,
      predicted_n: result.evalCount, predicted_ms: result.evalNs / 1e6,
      predicted_per_second: result.evalNs > 0 ? result.evalCount / (result.evalNs / 1e9) : 0,
    });
    const controller = abortOnDisconnect(res);

    if (body.stream !== true) {
      const result = await engine.generate({ ...request, signal: controller.signal });
      if (controller.signal.aborted) return;
      const choice = chat
        ? { index: 0, message: { role: "assistant", content: result.text }, finish_reason: FINISH_REASONS[result.doneReason] }
        : { index: 0, text: result.text, logprobs: null, finish_reason: FINISH_REASONS[result.doneReason] };
      sendJson(res, 200, {
        id, object, created: Math.floor(Date.now() / 1000), model, choices: [choice],
        usage: usage(result), timings: timings(result),
      });
      return;
    }
    const send = startSse(res);
    const event = (choice, extra = {}) => ({
      id, object: chat ? "chat.completion.chunk" : "text_completion", created: Math.floor(Date.now() / 1000),
      model, choices: [{ index: 0, ...choice }], ...extra,
    });
    const delta = (text) => (chat ? { delta: { content: text } } : { text });
    if (chat) send(event({ delta: { role: "assistant", content: "" }, finish_reason: null }));
    try {
      const result = await engine.generate({
        ...request, signal: controller.signal, onText: (text) => send(event({ ...delta(text), finish_reason: null })),
      });
      const last = chat ? { delta: {} } : { text: "" };
      send(event({ ...last, finish_reason: FINISH_REASONS[result.doneReason] }, { usage: usage(result), timings: timings(result) }));
      send("[DONE]");
    } catch (error) {
      send({ error: { message: error.message, type: "server_error", code: 500 } });
    }
    res.end();
  }

  return {
    "GET /health": async (req, res) => sendJson(res, 200, { status: "ok" }),
    "GET /v1/models": async (req, res) => sendJson(res, 200, {
      object: "list",
      data: [{ id: engine.modelName, object: "model", created, owned_by: "codecrucible-real-engine" }],
    }),
    "POST /v1/chat/completions": (req, res) => generation(req, res, { chat: true }),
    "POST /v1/completions": (req, res) => generation(req, res, { chat: false }),
    "POST /tokenize": async (req, res) => {
      const body = await readJsonBody(req);
      sendJson(res, 200, { tokens: engine.tokenize(requiredString(body.content, "content")) });
    },
  };
}

// OpenAI-style error body: {"error": {"message", "type", "code"}}.
export function openaiError(status, message) {
  const type = status === 401 ? "authentication_error" : status >= 500 ? "server_error" : "invalid_request_error";
  return { error: { message, type, code: status } };
}

export function requireBearer(apiKey, req) {
  if (!apiKey) return;
  if (req.headers.authorization !== `Bearer ${apiKey}`) throw new HttpError(401, "Invalid API Key");
}
