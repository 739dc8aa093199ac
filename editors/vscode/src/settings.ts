// Builds the `codecrucible` settings object sent to the server from what the user set
// explicitly. Defaults stay the server's business (one source of truth: the server's
// settings.schema.json, mirrored in package.json), so unchanged settings are never sent.
import type * as vscode from 'vscode';

export const SECTION = 'codecrucible';

// Settings that configure this extension, not the server; never forwarded.
export const CLIENT_ONLY_PREFIXES = ['server.', 'trace.', 'client.'];

export function isClientOnly(relativeKey: string): boolean {
  return CLIENT_ONLY_PREFIXES.some((prefix) => relativeKey.startsWith(prefix));
}

// Every contributed server setting key, relative to the section ("analysis.enabled").
export function serverSettingKeys(packageJson: { contributes?: { configuration?: unknown } }): string[] {
  const configuration = packageJson.contributes?.configuration;
  const blocks = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  const keys: string[] = [];
  for (const block of blocks as Array<{ properties?: Record<string, unknown> }>) {
    for (const fullKey of Object.keys(block.properties ?? {})) {
      const relative = fullKey.startsWith(`${SECTION}.`) ? fullKey.slice(SECTION.length + 1) : undefined;
      if (relative && !isClientOnly(relative)) {
        keys.push(relative);
      }
    }
  }
  return keys;
}

type Inspectable = Pick<vscode.WorkspaceConfiguration, 'inspect'>;

// Nested object of the explicitly set values, most specific scope first.
export function collectUserSettings(configuration: Inspectable, keys: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const inspected = configuration.inspect<unknown>(key);
    if (!inspected) {
      continue;
    }
    const value = inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
    if (value !== undefined) {
      setPath(result, key.split('.'), value);
    }
  }
  return result;
}

function setPath(target: Record<string, unknown>, parts: string[], value: unknown): void {
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      node[part] = {};
    }
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}
