/** One figure of a benchmark, with the goal it is measured against. */
export interface BenchMetric {
  value: number;
  unit: string;
  goal?: string;
}

/** Prints a benchmark's figures in the one-line form scripts/bench/run.mjs collects. */
export function reportBench(name: string, metrics: Record<string, BenchMetric>): void {
  process.stdout.write(`BENCH ${JSON.stringify({ name, metrics })}\n`);
}
