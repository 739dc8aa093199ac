// Ollama wire format (/api/*) over the shared engine: tags, version, show, chat, generate.
// Streaming replies are NDJSON; the last line carries done:true, done_reason and counters.
import { statSync } from "node:fs";
import {
  HttpError, abortOnDisconnect, formatChat, optionalInteger, optionalNumber, readJsonBody,
  requiredString, sendJson, startNdjson, stopList,
} from "./http_util.mjs";

const OLLAMA_VERSION = "0.6.0";
// Shown by /api/show: `.Suffix` in a template is how Ollama clients detect FIM support.
const TEMPLATE = "{{ if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>{{ else }}"
  + "{{ range .Messages }}### {{ .Role }}:\n{{ .Content }}\n{{ end }}### assistant:\n{{ end }}";

export function ollamaRoutes(engine) {
  const names = [engine.modelName, engine.modelName.replace(/:latest$/, "")];
  const modelEntry = () => {
    const size = statSync(engine.modelPath).size;
    return {
      name: engine.modelName,
      model: engine.modelName,
      modified_at: new Date(statSync(engine.modelPath).mtimeMs).toISOString(),
      size,
      digest: `sha256:${size.toString(16).padStart(64, "0")}`,
      details: details(),
    };
  };
  const details = () => ({
    format: "gguf", family: "llama", families: ["llama"], parameter_size: "0.1M", quantization_level: "F32",
  });

  async function generation(req, res, { chat }) {
    const body = await readJsonBody(req);
    const model = typeof body.model === "string" && body.model !== "" ? body.model : engine.modelName;
    const options = body.options ?? {};
    if (typeof options !== "object" || Array.isArray(options)) throw new HttpError(400, "'options' must be an object");
    let prompt;
    let suffix;
    if (chat) {
      prompt = formatChat(body.messages);
    } else {
      prompt = requiredString(body.prompt ?? "", "prompt");
      if (body.suffix !== undefined && body.suffix !== null && body.suffix !== "") suffix = requiredString(body.suffix, "suffix");
      const system = typeof body.system === "string" && body.system !== "" ? [{ role: "system", content: body.system }] : [];
      if (suffix === undefined && body.raw !== true) prompt = formatChat([...system, { role: "user", content: prompt }]);
    }
    if (!chat && (body.prompt ?? "") === "" && suffix === undefined) {
      // Ollama's "load the model" request: nothing to generate.
      sendJson(res, 200, { model, created_at: new Date().toISOString(), response: "", done: true, done_reason: "load" });
      return;
    }
    const numPredict = optionalInteger(options.num_predict, "options.num_predict");
    const request = {
      route: chat ? "/api/chat" : "/api/generate",
      prompt,
      suffix,
      maxTokens: engine.resolveMaxTokens(numPredict),
      temperature: optionalNumber(options.temperature, "options.temperature") ?? 0.8,
      seed: optionalInteger(options.seed, "options.seed"),
      stop: stopList(options.stop),
    };
    const piece = (text) => (chat ? { message: { role: "assistant", content: text } } : { response: text });
    const stamp = () => ({ model, created_at: new Date().toISOString() });
    const final = (result, text) => ({
      ...stamp(), ...piece(text), done: true, done_reason: result.doneReason,
      total_duration: result.totalNs, load_duration: 0,
      prompt_eval_count: result.promptTokens, prompt_eval_duration: result.promptEvalNs,
      eval_count: result.evalCount, eval_duration: result.evalNs,
    });
    const controller = abortOnDisconnect(res);
    if (body.stream === false) {
      const result = await engine.generate({ ...request, signal: controller.signal });
      if (!controller.signal.aborted) sendJson(res, 200, final(result, result.text));
      return;
    }
    const send = startNdjson(res);
    try {
      const result = await engine.generate({
        ...request, signal: controller.signal, onText: (text) => send({ ...stamp(), ...piece(text), done: false }),
      });
      send(final(result, ""));
    } catch (error) {
      send({ error: error.message }); // an error after the headers went out is a stream line
    }
    res.end();
  }

  return {
    "GET /": async (req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Ollama is running");
    },
    "GET /api/version": async (req, res) => sendJson(res, 200, { version: OLLAMA_VERSION }),
    "GET /api/tags": async (req, res) => sendJson(res, 200, { models: [modelEntry()] }),
    "GET /api/ps": async (req, res) => sendJson(res, 200, { models: [{ ...modelEntry(), size_vram: 0 }] }),
    "POST /api/show": async (req, res) => {
      const body = await readJsonBody(req);
      const name = body.model ?? body.name;
      if (typeof name !== "string" || !names.includes(name)) {
        throw new HttpError(404, `model '${typeof name === "string" ? name : ""}' not found`);
      }
      sendJson(res, 200, {
        modelfile: `FROM ${engine.modelPath}\n`,
        parameters: "stop \"### user:\"",
        template: TEMPLATE,
        details: details(),
        model_info: {
          "general.architecture": "llama",
          "llama.context_length": engine.contextSize,
          "llama.vocab_size": engine.vocabularySize,
        },
        capabilities: engine.infillSupported ? ["completion", "insert"] : ["completion"],
      });
    },
    "POST /api/chat": (req, res) => generation(req, res, { chat: true }),
    "POST /api/generate": (req, res) => generation(req, res, { chat: false }),
  };
}
