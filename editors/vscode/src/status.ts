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
  enabled?: boolean; // ai.enabled
  available?: boolean; // at least one model server reachable
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
  lines.push('', 'Click to run CodeCrucible: Doctor');
  if (status.enabled === false) {
    lines.unshift('AI features are turned off (codecrucible.ai.enabled).', '');
    return { text: '$(flame) CodeCrucible: AI off', tooltip: lines.join('\n'), warning: false };
  }
  const text = backends.length === 0
    ? '$(flame) CodeCrucible: static only'
    : healthy === 0
      ? '$(flame) CodeCrucible: models down'
      : `$(flame) CodeCrucible: ${healthy}/${backends.length} models`;
  return { text, tooltip: lines.join('\n'), warning: backends.length > 0 && healthy === 0 };
}
