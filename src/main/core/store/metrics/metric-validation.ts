/** Checks a metrics batch before any of it is written, naming the first bad point. */
import type { MetricPoint } from '../../../../shared/runs';
import { badRequest } from '../store-errors';

export const MAX_METRIC_KEY_LENGTH = 200;

export function assertValidPoints(points: unknown): asserts points is readonly MetricPoint[] {
  if (!Array.isArray(points)) throw badRequest('metrics must be an array of points');
  for (let index = 0; index < points.length; index++) {
    const point = points[index] as Partial<MetricPoint> | null;
    const where = `metrics[${index}]`;
    if (typeof point !== 'object' || point === null) throw badRequest(`${where} is not an object`);
    const { key, step, epoch, wallTime, value } = point;
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_METRIC_KEY_LENGTH) {
      throw badRequest(`${where}.key must be a non-empty string of at most ${MAX_METRIC_KEY_LENGTH} characters`);
    }
    if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
      throw badRequest(`${where}.step must be a non-negative integer, got ${String(step)}`);
    }
    if (typeof epoch !== 'number' || !Number.isFinite(epoch) || epoch < 0) {
      throw badRequest(`${where}.epoch must be a non-negative finite number, got ${String(epoch)}`);
    }
    if (typeof wallTime !== 'number' || !Number.isFinite(wallTime)) {
      throw badRequest(`${where}.wallTime must be a finite number of ms, got ${String(wallTime)}`);
    }
    if (typeof value !== 'number') throw badRequest(`${where}.value must be a number (NaN and ±Infinity allowed)`);
  }
}

/**
 * Groups points by key, each group sorted by step; when a step repeats within the batch the later
 * point wins, as it would had the two arrived in separate batches.
 */
export function groupByKey(points: readonly MetricPoint[]): Map<string, MetricPoint[]> {
  const groups = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const group = groups.get(point.key);
    if (group) group.push(point);
    else groups.set(point.key, [point]);
  }
  for (const [key, group] of groups) groups.set(key, sortedDistinctSteps(group));
  return groups;
}

function sortedDistinctSteps(group: MetricPoint[]): MetricPoint[] {
  let increasing = true;
  for (let index = 1; index < group.length && increasing; index++) {
    increasing = (group[index] as MetricPoint).step > (group[index - 1] as MetricPoint).step;
  }
  if (increasing) return group;
  // Array.prototype.sort is stable, so among equal steps the input order survives; keep the last.
  const sorted = [...group].sort((a, b) => a.step - b.step);
  return sorted.filter((point, index) => (sorted[index + 1] as MetricPoint | undefined)?.step !== point.step);
}
