#!/usr/bin/env node
// `npm run bench`: runs every benchmark in turn (each in its own process, via run.mjs), measures the UI bundle,
// and prints one table: benchmark, metric, value, unit, goal, pass/fail. Exits non-zero when a goal is missed.
// Writes the records to dist/bench/results.json as well.
// Usage: node scripts/bench/run-all.mjs [name ...]     (default: every benchmark, in the order below)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi } from '../build-ui.mjs';
import { runBench } from './run.mjs';
import { appRuntime } from '../runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BENCHMARKS = ['service', 'validation', 'convert', 'ledger', 'upload', 'full-update', 'reconcile'];

/** Whether `value` meets a goal written as `< 30`, `>= 98`, `< 20 ms`, `0` (exactly), …; undefined if unreadable. */
export function meetsGoal(value, goal) {
  // An operator, a number (thousands may be separated by commas), then an optional unit.
  const match = /^\s*(<=|>=|<|>|=)?\s*(-?\d+(?:\.\d+)?)\s*(?:[^\d\s][^\d]*)?$/.exec(goal.replace(/(\d),(?=\d{3})/g, '$1'));
  if (!match) return undefined;
  const target = Number(match[2]);
  switch (match[1] ?? '=') {
    case '<':
      return value < target;
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    case '>=':
      return value >= target;
    default:
      return value === target;
  }
}

/** The UI bundle's gzipped size, built into a scratch folder (dist/ is left alone). */
async function uiRecord() {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ui-'));
  try {
    const { gzipBytes } = await buildUi({ root, outdir });
    return {
      name: 'ui bundle',
      metrics: { gzipped: { value: Math.round(gzipBytes / 102.4) / 10, unit: 'kB gzipped (node scripts/build.mjs)', goal: '< 60' } },
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * An earlier run kept for comparison (its results.json): the last run on Node.js 20 with better-sqlite3, on the
 * same machine, before the App moved to the Node.js 24 runtime it now ships with and to node:sqlite.
 */
export const BASELINE = { file: path.join(root, 'scripts/bench/baselines/node20-better-sqlite3.json'), label: 'before' };

/** The baseline's value of one metric, formatted, or '' when it has none. */
function baselineValue(baseline, name, metric) {
  const value = baseline?.records.find((r) => r.name === name)?.metrics[metric]?.value;
  return value === undefined ? '' : value.toLocaleString('en-US');
}

/** The records as rows of a table; `markdown` for BENCHMARKS.md, otherwise aligned text; `baseline` adds its column. */
export function formatTable(records, { markdown = false, baseline } = {}) {
  const rows = records.flatMap((r) =>
    Object.entries(r.metrics).map(([metric, m]) => {
      const met = m.goal === undefined ? undefined : meetsGoal(m.value, m.goal);
      const verdict = m.goal === undefined ? '' : met === undefined ? '?' : met ? 'pass' : 'FAIL';
      const before = baseline ? [baselineValue(baseline, r.name, metric)] : [];
      return [r.name, metric, ...before, m.value.toLocaleString('en-US'), m.unit, m.goal ?? '', verdict];
    }),
  );
  const head = ['benchmark', 'metric', ...(baseline ? [BASELINE.label] : []), 'value', 'unit', 'goal', 'result'];
  const numeric = new Set(baseline ? [2, 3] : [2]);
  if (markdown) {
    const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(head), line(head.map((_, i) => (numeric.has(i) ? '--:' : '---'))), ...rows.map(line)].join('\n');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (numeric.has(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The metrics that missed their goal, as `benchmark metric`. */
function missedGoals(records) {
  return records.flatMap((r) =>
    Object.entries(r.metrics)
      .filter(([, m]) => m.goal !== undefined && meetsGoal(m.value, m.goal) === false)
      .map(([k]) => `${r.name} ${k}`),
  );
}

/** BENCHMARKS.md: the latest table with the date, the machine and the command that produced it. */
export function benchmarksMarkdown(env, records, baseline) {
  const failed = missedGoals(records);
  const base = baseline?.env;
  return [
    '# Benchmarks',
    '',
    `Latest run: ${env.date.slice(0, 10)}, \`npm run bench\` (all benchmarks, ${env.seconds} s).`,
    `Machine: ${env.cpus} cores (${env.cpuModel}), ${env.memGb} GB memory, Node ${env.node}.`,
    '',
    'Each benchmark runs in its own process against the simulators on this machine (see `scripts/bench/`).',
    'The simulators share the two cores with the App: the ThreatConnect simulator renders its indicators before the',
    'clock starts, and the full update reports the CPU both used during the job. Figures move by 10–20% between runs.',
    '`npm run bench` rewrites this file; `node scripts/bench/run-all.mjs NAME…` runs some of them without rewriting it.',
    ...(base
      ? [
          '',
          `The *${BASELINE.label}* column is the run kept in \`${path.relative(root, BASELINE.file)}\`: ${base.date.slice(0, 10)}, ` +
            `Node ${base.node} with better-sqlite3 (before the App moved to the Node.js runtime it ships with and to node:sqlite), ` +
            `${base.cpus} cores (${base.cpuModel}).`,
        ]
      : []),
    '',
    formatTable(records, { markdown: true, baseline }),
    '',
    failed.length === 0 ? 'Every goal was met.' : `Goals missed: ${failed.join(', ')}.`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : BENCHMARKS;
  const started = Date.now();
  const records = [];
  for (const name of names) {
    const t = Date.now();
    console.log(`\n=== ${name}`);
    try {
      records.push(...(await runBench(name)));
    } catch (err) {
      console.error(err.message);
      records.push({ name, metrics: { completed: { value: 0, unit: 'the benchmark failed', goal: '1' } } });
    }
    console.log(`=== ${name}: ${Math.round((Date.now() - t) / 1000)} s`);
  }
  records.push(await uiRecord());
  const seconds = Math.round((Date.now() - started) / 1000);
  const env = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: execFileSync(appRuntime(), ['--version'], { encoding: 'utf8' }).trim(),
    seconds,
  };
  fs.mkdirSync(path.join(root, 'dist/bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist/bench/results.json'), `${JSON.stringify({ env, records }, null, 2)}\n`);
  const baseline = fs.existsSync(BASELINE.file) ? JSON.parse(fs.readFileSync(BASELINE.file, 'utf8')) : undefined;
  if (process.argv.slice(2).length === 0) fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), benchmarksMarkdown(env, records, baseline));
  console.log(
    `\n${formatTable(records, { baseline })}\n\n${env.cpus} cores (${env.cpuModel}), ${env.memGb} GB, Node ${env.node}; all benchmarks took ${seconds} s`,
  );
  process.exitCode = missedGoals(records).length > 0 ? 1 : 0;
}
