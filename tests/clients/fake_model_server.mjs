// A canned model server for the client tests: speaks enough of Ollama's (/api/*) and the
// OpenAI-compatible (/v1/*) wire formats for `codecrucible lsp` to route AI actions to it,
// and always answers with the same fenced code block carrying MARKER, so a test can tell
// that an edit it receives came from this model. No dependencies.
//
// Start: node fake_model_server.mjs   → prints {"port": N} on the first stdout line.
// GET /__requests returns the requests received so far (path + parsed body).
// In process: startFakeModelServer() → {port, received, setPieceDelay(ms), aborted(), close()};
// with a piece delay the streamed answers trickle, and a client that hangs up mid-stream is
// counted in aborted().
import { createServer } from 'node:http';

export const MARKER = 'fixed by the fake model';
export const ANSWER = `Here is the change:\n\n\`\`\`python\n    return int(input())  # ${MARKER}\n\`\`\`\n`;
const MODEL = 'fake-coder';
const received = [];
let pieceDelayMs = 0;
let abortedStreams = 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Writes the pieces with the configured delay; false when the client went away first.
async function trickle(res, lines) {
  let closed = false;
  res.on('close', () => {
    closed = !res.writableFinished;
  });
  for (const line of lines) {
    if (pieceDelayMs > 0) {
      await sleep(pieceDelayMs);
    }
    if (closed || res.destroyed) {
      abortedStreams += 1;
      return false;
    }
    res.write(line);
  }
  return true;
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch {
        resolve({ unparsable: data });
      }
    });
  });
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// The answer in a few pieces, as a streaming model would send it.
function pieces() {
  const parts = [];
  for (let i = 0; i < ANSWER.length; i += 16) {
    parts.push(ANSWER.slice(i, i + 16));
  }
  return parts;
}

async function ollamaGeneration(res, body, chat) {
  const stamp = () => ({ model: body.model ?? MODEL, created_at: new Date().toISOString() });
  const piece = (text) => (chat ? { message: { role: 'assistant', content: text } } : { response: text });
  const final = { done: true, done_reason: 'stop', total_duration: 1000000, prompt_eval_count: 10, eval_count: 20, eval_duration: 1000000 };
  if (body.stream === false) {
    json(res, 200, { ...stamp(), ...piece(ANSWER), ...final });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  if (await trickle(res, pieces().map((p) => JSON.stringify({ ...stamp(), ...piece(p), done: false }) + '\n'))) {
    res.end(JSON.stringify({ ...stamp(), ...piece(''), ...final }) + '\n');
  }
}

async function openaiGeneration(res, body, chat) {
  const id = 'fake-1';
  const created = Math.floor(Date.now() / 1000);
  const object = chat ? 'chat.completion' : 'text_completion';
  const usage = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };
  if (!body.stream) {
    const choice = chat
      ? { index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }
      : { index: 0, text: ANSWER, finish_reason: 'stop' };
    json(res, 200, { id, object, created, model: body.model ?? MODEL, choices: [choice], usage });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (choice) => `data: ${JSON.stringify({ id, object: `${object}.chunk`, created, model: body.model ?? MODEL, choices: [choice] })}\n\n`;
  const lines = pieces().map((p) => chunk(chat ? { index: 0, delta: { content: p }, finish_reason: null } : { index: 0, text: p, finish_reason: null }));
  if (await trickle(res, lines)) {
    res.write(chunk(chat ? { index: 0, delta: {}, finish_reason: 'stop' } : { index: 0, text: '', finish_reason: 'stop' }));
    res.end('data: [DONE]\n\n');
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const body = req.method === 'POST' ? await readBody(req) : {};
  if (url.pathname !== '/__requests') {
    received.push({ method: req.method, path: url.pathname, body });
  }
  switch (url.pathname) {
    case '/__requests':
      return json(res, 200, received);
    case '/':
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('Ollama is running');
    case '/api/version':
      return json(res, 200, { version: '0.6.0' });
    case '/api/tags':
      return json(res, 200, { models: [{ name: `${MODEL}:latest`, model: `${MODEL}:latest`, size: 1, digest: 'sha256:0', details: { family: 'llama' } }] });
    case '/api/show':
      return json(res, 200, { template: '{{ .Prompt }}', details: { family: 'llama' }, model_info: {} });
    case '/api/chat':
      return ollamaGeneration(res, body, true);
    case '/api/generate':
      return ollamaGeneration(res, body, false);
    case '/v1/models':
      return json(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', owned_by: 'fake' }] });
    case '/v1/chat/completions':
      return openaiGeneration(res, body, true);
    case '/v1/completions':
      return openaiGeneration(res, body, false);
    default:
      return json(res, 404, { error: `no route ${url.pathname}` });
  }
});

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

export function startFakeModelServer() {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port,
      received,
      setPieceDelay(ms) {
        pieceDelayMs = ms;
      },
      aborted: () => abortedStreams,
      close: () => {
        server.closeAllConnections?.();
        server.close();
      },
    }));
  });
}
