import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MachineInfo } from './results';

/** The CPU model as /proc/cpuinfo names it (falls back to what Node reports). */
export function cpuModel(cpuinfo?: string): string {
  const text = cpuinfo ?? readCpuinfo();
  const match = /^model name\s*:\s*(.+)$/m.exec(text);
  return match?.[1]?.trim() ?? os.cpus()[0]?.model.trim() ?? 'unknown CPU';
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

/** Cores, CPU, memory, Node version and load of this host, for the report. */
export function describeMachine(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
  };
}
