// Turns `codecrucible/status` notifications into the status bar item's text and tooltip.
export interface BackendStatus {
  name: string;
  kind?: string;
  url?: string;
  tier?: string;
  healthy?: boolean;
  breaker?: string;
}

export interface ServerStatus {
  enabled?: boolean; // ai.enabled and generation.enabled != "off"
  available?: boolean; // at least one model server reachable
  mode?: 'auto' | 'on' | 'off'; // generation.enabled
  quiet?: boolean; // "auto" with no endpoint configured and none ever reached: static analysis only
  hint?: string; // how to enable AI, while quiet
  backends?: BackendStatus[];
  queue?: Record<string, unknown>;
  cache?: { hitRate?: number };
  summary?: string;
}

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

export const STATUS_NOTIFICATION = 'codecrucible/status';

export const AI_SETUP_SHORT =
  'AI actions, completion and review need a local model server (Ollama or LM Studio). Choose "Set Up AI Models" in the menu to see how.';

// The guide shown by the menu's "Set Up AI Models" entry (Markdown).
export const AI_SETUP_GUIDE = `# Set up AI models for CodeCrucible

Static analysis works without any model. AI code actions (fix, explain, security review,
the council), inline completion and AI review need a model server on this machine:

- **Ollama**: \`ollama serve\`, then \`ollama pull qwen2.5-coder:7b\` (default URL http://127.0.0.1:11434).
- **LM Studio**: start its local server (default URL http://127.0.0.1:1234/v1).
- **llama.cpp**: \`llama-server -m model.gguf --port 8080\`, then set \`codecrucible.generation.endpoints\`
  to \`[{"kind": "openai", "url": "http://127.0.0.1:8080/v1"}]\`.

CodeCrucible looks for the first two by itself and shows the models in the status bar once one
answers. Run **CodeCrucible: Doctor** to check. To stop looking, set
\`codecrucible.generation.enabled\` to \`"off"\`; \`"on"\` reports a model server that is down.
`;

// Whether to offer the one-time "how to enable AI" hint for this status.
export function wantsAiHint(status: ServerStatus): boolean {
  return status.quiet === true && status.mode !== 'off';
}

export function describeStatus(status: ServerStatus): StatusView {
  const backends = Array.isArray(status.backends) ? status.backends : [];
  const healthy = backends.filter((b) => b.healthy === true).length;
  const lines: string[] = [];
  if (status.summary) {
    lines.push(status.summary, '');
  }
  if (backends.length === 0) {
    lines.push('No model server configured: static analysis works, AI features are off.');
  }
  for (const b of backends) {
    const where = [b.kind, b.tier].filter(Boolean).join(', ');
    const state = b.healthy ? 'healthy' : 'down';
    const breaker = b.breaker ? `, breaker ${b.breaker}` : '';
    const parts = [b.healthy ? '✓' : '✗', b.name, where ? `(${where})` : '', b.url ?? ''].filter(Boolean);
    lines.push(`${parts.join(' ')} — ${state}${breaker}`);
  }
  // Only the scalar counters (the server may nest per-endpoint details).
  const counters = Object.entries(status.queue ?? {}).filter(([, v]) => typeof v === 'number');
  const queue = counters.length > 0 ? counters.map(([k, v]) => `${k} ${String(v)}`).join(', ') : undefined;
  if (queue) {
    lines.push(`Queue: ${queue}`);
  }
  if (typeof status.cache?.hitRate === 'number') {
    lines.push(`Cache hit rate: ${Math.round(status.cache.hitRate * 100)}%`);
  }
  lines.push('', 'Click for the CodeCrucible menu');
  if (status.mode === 'off') {
    // Chosen by the user: nothing to warn about, nothing to count.
    return {
      text: '$(flame) CodeCrucible',
      tooltip: 'CodeCrucible: static analysis. AI features are off (codecrucible.generation.enabled = "off").\n\nClick for the CodeCrucible menu',
      warning: false,
    };
  }
  if (status.enabled === false) {
    lines.unshift('AI features are turned off (codecrucible.ai.enabled).', '');
    return { text: '$(flame) CodeCrucible: AI off', tooltip: lines.join('\n'), warning: false };
  }
  if (status.quiet) {
    // Static analysis is the product for this user until a model server shows up.
    return {
      text: '$(flame) CodeCrucible',
      tooltip: `CodeCrucible: static analysis is running.\n\n${AI_SETUP_SHORT}\n\nClick for the CodeCrucible menu`,
      warning: false,
    };
  }
  const text = backends.length === 0
    ? '$(flame) CodeCrucible: static only'
    : healthy === 0
      ? '$(flame) CodeCrucible: models down'
      : `$(flame) CodeCrucible: ${healthy}/${backends.length} models`;
  return { text, tooltip: lines.join('\n'), warning: backends.length > 0 && healthy === 0 };
}
