import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';

/** A measured number and, when the issue sets one, the target it must meet. */
export interface Figure {
  id: string;
  label: string;
  value: number;
  unit: string;
  target: { op: '<' | '<=' | '>='; value: number } | null;
  pass: boolean | null;
}

export function figure(
  id: string,
  label: string,
  value: number,
  unit: string,
  target: Figure['target'] = null,
): Figure {
  const pass = !target
    ? null
    : target.op === '<'
      ? value < target.value
      : target.op === '<='
        ? value <= target.value
        : value >= target.value;
  return { id, label, value, unit, target, pass };
}

export function machineInfo(postgres: string): Record<string, unknown> {
  let redis = 'unknown';
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    redis,
  };
}

const formatValue = (f: Figure) =>
  `${f.value.toLocaleString('en-US', { maximumFractionDigits: f.value < 10 ? 2 : 1 })} ${f.unit}`;

/** The figures as a plain-text table, one row each, with the target and PASS/MISS. */
export function formatTable(title: string, figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.label,
    formatValue(f),
    f.target ? `${f.target.op} ${f.target.value.toLocaleString('en-US')} ${f.unit}` : '(info)',
    f.pass === null ? '' : f.pass ? 'PASS' : 'MISS',
  ]);
  const header = ['Figure', 'Measured', 'Target', 'Result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [title, rule, line(header), rule, ...rows.map(line), rule].join('\n');
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
