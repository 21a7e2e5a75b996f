import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningCommand {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the command exits or time runs out first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Sends `signal` to its whole process group, as a terminal's Ctrl-C does (SIGINT). */
  signalGroup(signal: NodeJS.Signals): void;
  /** True while any process of its group (it, or a child it started) is alive. */
  groupAlive(): boolean;
  /** SIGKILLs whatever of its group is still running (for afterAll). */
  killGroup(): void;
}

/**
 * Runs `node <args>` in its own process group, as a user runs a command in a terminal, collecting what it prints.
 * @example const cmd = spawnNode(['scripts/start.mjs', '--port', '0'], { cwd: ROOT }); await cmd.waitForOutput(/Open the UI:\s+(\S+)/);
 */
export function spawnNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): RunningCommand {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const watch of watchers) watch();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const watch of watchers) watch();
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  return {
    child,
    output: () => output,
    exited,
    signalGroup,
    groupAlive() {
      try {
        process.kill(-child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    },
    killGroup: () => signalGroup('SIGKILL'),
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${timeoutMs} ms; it printed:\n${output}`)), timeoutMs);
        const finish = (err?: Error, match?: RegExpExecArray) => {
          clearTimeout(timer);
          watchers.delete(check);
          if (err) reject(err);
          else resolve(match!);
        };
        const check = () => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match);
          else if (hasExited) finish(new Error(`it exited (code ${child.exitCode}) without printing ${pattern}:\n${output}`));
        };
        watchers.add(check);
        check();
      });
    },
  };
}
