// Small HTTP helpers shared by the Ollama and OpenAI routes: JSON bodies, JSON replies,
// streaming writers and client-disconnect detection.

const BODY_LIMIT = 8 * 1024 * 1024;

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function readJsonBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new HttpError(413, "request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", (error) => reject(new HttpError(400, `cannot read body: ${error.message}`)));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return reject(new HttpError(400, "missing request body"));
      try {
        const body = JSON.parse(text);
        if (body === null || typeof body !== "object" || Array.isArray(body)) {
          return reject(new HttpError(400, "request body must be a JSON object"));
        }
        resolve(body);
      } catch (error) {
        reject(new HttpError(400, `invalid JSON: ${error.message}`));
      }
    });
  });
}

export function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

// An AbortController that fires when the client goes away before the reply is complete.
export function abortOnDisconnect(res) {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort(new Error("client disconnected"));
  });
  return controller;
}

export function startNdjson(res) {
  res.writeHead(200, { "Content-Type": "application/x-ndjson", "Cache-Control": "no-cache" });
  return (value) => { if (!res.destroyed) res.write(JSON.stringify(value) + "\n"); };
}

export function startSse(res) {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  return (value) => {
    if (res.destroyed) return;
    res.write(value === "[DONE]" ? "data: [DONE]\n\n" : `data: ${JSON.stringify(value)}\n\n`);
  };
}

// Option readers: validate types at the boundary so a bad request is a 400, not a crash.
export function optionalNumber(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new HttpError(400, `'${name}' must be a number`);
  return value;
}

export function optionalInteger(value, name) {
  const number = optionalNumber(value, name);
  if (number !== undefined && !Number.isInteger(number)) throw new HttpError(400, `'${name}' must be an integer`);
  return number;
}

export function stopList(value) {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value === "" ? [] : [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.filter((s) => s !== "");
  throw new HttpError(400, "'stop' must be a string or a list of strings");
}

export function requiredString(value, name) {
  if (typeof value !== "string") throw new HttpError(400, `'${name}' must be a string`);
  return value;
}

// Chat messages → the prompt format of the tiny model's chat template (see make_tiny_gguf.py).
export function formatChat(messages) {
  if (!Array.isArray(messages) || messages.length === 0) throw new HttpError(400, "'messages' must be a non-empty list");
  let prompt = "";
  for (const message of messages) {
    if (message === null || typeof message !== "object") throw new HttpError(400, "each message must be an object");
    const role = requiredString(message.role, "messages[].role");
    prompt += `### ${role}:\n${messageText(message.content)}\n`;
  }
  return prompt + "### assistant:\n";
}

// OpenAI content may be a string or a list of {type:"text", text} parts.
function messageText(content) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
  }
  if (content === null || content === undefined) return "";
  throw new HttpError(400, "'messages[].content' must be a string or a list of text parts");
}
