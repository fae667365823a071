// Runs a Python peer script (bench/peers/*.py) with Debian's /usr/bin/python3: the job goes
// in as JSON on stdin, the answer comes back as JSON on stdout. Peers time themselves
// (time.perf_counter around the call only), so process start-up and JSON never count.
import { execFileSync } from 'node:child_process';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/** The peer's JSON answer to `job`. Throws with the peer's stderr when it fails. */
export function runPythonPeer(scriptPath, job, { env = {} } = {}) {
  const stdout = execFileSync(PYTHON, [scriptPath], {
    input: JSON.stringify(job),
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return JSON.parse(stdout.toString());
}

/** Whether every named Python module imports (a peer is skipped, with a note, when not). */
export function pythonHasModules(modules) {
  try {
    execFileSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
