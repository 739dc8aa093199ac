// Finds the `codecrucible` executable: the configured path first, else a search of PATH, else
// the usual install locations. VS Code (and code-server, remote SSH) gives the extension the
// PATH of a login shell, which may lack a directory the user's interactive shell adds.
// Pure Node (no vscode import) so the harness can test it directly.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type ServerPathResult = { ok: true; path: string } | { ok: false; message: string };

const EXECUTABLE_NAMES = process.platform === 'win32' ? ['codecrucible.exe', 'codecrucible.cmd'] : ['codecrucible'];

function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    fs.accessSync(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Where `cmake --install` and user installs put the binary (checked after PATH).
export const INSTALL_DIRS = [path.join(os.homedir(), '.local', 'bin'), '/usr/local/bin'];

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

export function resolveServerPath(
  configured: string | undefined,
  searchPath: string | undefined,
  installDirs: string[] = INSTALL_DIRS,
): ServerPathResult {
  const setting = configured?.trim();
  if (setting) {
    const expanded = expandHome(setting);
    if (path.isAbsolute(expanded) || expanded.includes(path.sep)) {
      const absolute = path.resolve(expanded);
      if (isExecutableFile(absolute)) {
        return { ok: true, path: absolute };
      }
      return {
        ok: false,
        message: `The setting codecrucible.server.path points to "${absolute}", which is not an executable file. Fix the path or clear the setting to use the codecrucible found on PATH.`,
      };
    }
    // A bare name such as "codecrucible-dev": look it up on PATH like a shell would.
    const found = searchOnPath([expanded], searchPath);
    if (found) {
      return { ok: true, path: found };
    }
    return {
      ok: false,
      message: `The setting codecrucible.server.path is "${setting}", but no such executable is on PATH.`,
    };
  }
  const found = searchOnPath(EXECUTABLE_NAMES, searchPath) ?? searchOnPath(EXECUTABLE_NAMES, installDirs.join(path.delimiter));
  if (found) {
    return { ok: true, path: found };
  }
  return {
    ok: false,
    message:
      `Cannot find the CodeCrucible language server: "codecrucible" is not on PATH (VS Code's PATH comes from a login shell) nor in ${installDirs.join(' or ')}. Install it (cmake --install <build dir>, see the README) or set codecrucible.server.path to the binary's absolute path.`,
  };
}

function searchOnPath(names: string[], searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
