import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAppStack, type AppStack, type AppStackOptions } from '../../../app/testing/start-app-stack';
import type { Job, QueryConfig } from '../../../app/export/types';
import { TC_INDICATOR_TYPES } from '../../../sdk/threatconnect/types';

export const ROOT = path.resolve(__dirname, '../../..');

const made: string[] = [];
/** A scratch folder, removed after the test file. */
export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${name}-`));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export async function startStack(name: string, options: Partial<AppStackOptions> = {}): Promise<AppStack> {
  return startAppStack({ workDir: tempDir(name), installDir: ROOT, ...options });
}

/** A JSON call to the service. */
export async function call<T = unknown>(stack: AppStack, method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(new URL(route, stack.url), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(stack.accessToken ? { authorization: `Bearer ${stack.accessToken}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

export function allOf(stack: AppStack, tql = 'rating >= 0'): QueryConfig {
  return { owners: stack.tc.owners.map((o) => o.name), indicatorTypes: [...TC_INDICATOR_TYPES], tql, sortField: 'dateAdded', sortDirection: 'asc' };
}

export async function saveConfig(stack: AppStack, queries: QueryConfig[], nextUpdate: 'full' | 'delta' = 'full'): Promise<void> {
  const res = await call(stack, 'PUT', 'api/config', { queries, nextUpdate });
  if (res.status !== 200) throw new Error(`PUT /api/config answered ${res.status}: ${JSON.stringify(res.json)}`);
}

/** Starts a job and waits for it to end; returns it with its tasks. */
export async function runJob(stack: AppStack, mode: 'full' | 'delta', timeoutMs = 60_000): Promise<Job> {
  const started = await whenEngineFree(() => call<{ requestId: string; error?: string }>(stack, 'POST', 'api/jobs', { mode }), timeoutMs);
  if (started.status !== 202 && started.status !== 201 && started.status !== 200)
    throw new Error(`POST /api/jobs answered ${started.status}: ${JSON.stringify(started.json)}`);
  const job = await waitForJob(stack, started.json.requestId, timeoutMs);
  await followUpDone(stack, job.requestId, timeoutMs);
  return job;
}

/** Waits until the job's follow-up (the state's copy, the reconciliation) has ended, as GET /api/health tells. */
export async function followUpDone(stack: AppStack, requestId: string, timeoutMs = 60_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; ;) {
    const { json } = await call<{ export?: { followingUp?: string } }>(stack, 'GET', 'api/health');
    if (json.export?.followingUp !== requestId) return;
    if (Date.now() > until) throw new Error(`the follow-up of job ${requestId} did not end within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Sends a request that needs the engine, again while the previous job's follow-up (state copy, reconciliation)
 * holds it: a job's status says it ended before that follow-up does, and a person would try again.
 */
export async function whenEngineFree<T extends { status: number; json: unknown }>(send: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  let answer = await send();
  for (
    const until = Date.now() + timeoutMs;
    answer.status === 409 && / after job /.test(String((answer.json as { error?: unknown }).error ?? '')) && Date.now() < until;
  ) {
    await new Promise((r) => setTimeout(r, 50));
    answer = await send();
  }
  return answer;
}

export async function waitForJob(stack: AppStack, requestId: string, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await call<Job & { endedAt?: string }>(stack, 'GET', `api/jobs/${requestId}`);
    if (json.endedAt) return json;
    if (Date.now() > deadline) throw new Error(`job ${requestId} did not end within ${timeoutMs} ms (status ${json.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
