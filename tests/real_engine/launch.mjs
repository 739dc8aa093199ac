// Starts server.mjs as a child process for the Node tests and waits (bounded) for its
// `LISTENING <port>` line. Also tells whether the tier can run at all here.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

// Why the real-engine tier cannot run here, or null when it can.
export function unavailableReason() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) return `node ${process.version} is too old (need >= 20)`;
  if (!existsSync(path.join(here, "node_modules", "node-llama-cpp", "package.json"))
      || !existsSync(path.join(here, "node_modules", "@node-llama-cpp", "linux-x64", "bins"))) {
    return "npm packages missing: run tests/real_engine/install.sh";
  }
  return null;
}

export async function startServer(extraArgs = [], { timeoutMs = 120000 } = {}) {
  const child = spawn(process.execPath, [path.join(here, "server.mjs"), "--port", "0", "--exit-on-stdin-eof", ...extraArgs], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true", NODE_LLAMA_CPP_GPU: "false" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no LISTENING line within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${stderr}`));
    });
    lines.once("line", (line) => {
      clearTimeout(timer);
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`unexpected first line '${line}'`));
    });
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stderr: () => stderr,
    // Closing stdin makes the server shut down (--exit-on-stdin-eof); SIGKILL if it hangs.
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 15000);
      await exited;
      clearTimeout(timer);
    },
  };
}
