#!/usr/bin/env node
// `npm start [-- --inputs <file>] [-- --port N --host H]`: builds the App (a second or so), then runs the demo
// (dist/tools/demo.js): with no inputs, the App against the built-in simulators; with --inputs, for real.
// Ctrl-C stops everything; the exit code is the App's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await buildAll();
const child = spawn(process.execPath, [path.join(root, 'dist/tools/demo.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the child too (same process group); pass on what only this process received, then wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
