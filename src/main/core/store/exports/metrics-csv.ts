/**
 * Long-form CSV of a run's metrics, one row per point: `run,key,step,epoch,time,value`.
 *
 * Written for `pandas.read_csv(path)` with no options: `time` is seconds since the Unix epoch (UTC) as
 * a decimal number, read as float64 (`pd.to_datetime(df.time, unit='s')` makes datetimes of it); `value`
 * uses `nan`, `inf` and `-inf`, which pandas' float parser reads as NaN and ±infinity. Numbers are
 * written in JavaScript's shortest round-trip form, so parsing gives back the same float64.
 */
import type { SeriesColumns } from './metric-columns';

export const METRICS_CSV_HEADER = 'run,key,step,epoch,time,value';

export function metricsCsv(runId: string, series: readonly SeriesColumns[]): string {
  const lines = [METRICS_CSV_HEADER];
  const run = csvField(runId);
  for (const { key, steps, epochs, wallTimes, values } of series) {
    const prefix = `${run},${csvField(key)},`;
    for (let index = 0; index < steps.length; index++) {
      lines.push(
        `${prefix}${steps[index]},${csvNumber(epochs[index] as number)},${csvNumber((wallTimes[index] as number) / 1000)},` +
          csvNumber(values[index] as number),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function csvNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/** RFC 4180 quoting, only where needed. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
