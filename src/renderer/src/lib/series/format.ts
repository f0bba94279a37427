/** Number formats for axes and tooltips: short enough for a fixed-width axis gutter. */

/** At most `digits` significant digits; exponent form for very large or small magnitudes. */
export function formatMetricValue(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    // "1.50e-4" → "1.5e-4": trailing zeros in the mantissa only cost width.
    return value.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
  }
  return String(Number(value.toPrecision(digits)));
}

/** Axis tick label: three significant digits keep labels within the chart's fixed left margin. */
export function formatAxisValue(value: number): string {
  return formatMetricValue(value, 3);
}

/** Seconds as a compact duration: 45s, 12m05s, 2m, 3h07m, 2h. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '−' : '';
  const total = Math.round(Math.abs(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  // Round values (the axis ticks) without their zero tail: "2m", not "2m00s".
  if (hours > 0) return minutes === 0 ? `${sign}${hours}h` : `${sign}${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return secs === 0 ? `${sign}${minutes}m` : `${sign}${minutes}m${String(secs).padStart(2, '0')}s`;
  return `${sign}${secs}s`;
}

/** Escapes text for ECharts' HTML tooltips (series and run names come from users). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Tick steps a reader counts in: seconds, minutes and hours in everyday multiples. */
const DURATION_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** The smallest everyday duration step that gives at most `maxTicks` intervals over `rangeSeconds`. */
export function niceDurationInterval(rangeSeconds: number, maxTicks = 6): number {
  const needed = rangeSeconds / maxTicks;
  for (const step of DURATION_STEPS) if (step >= needed) return step;
  return Math.ceil(needed / 86400) * 86400;
}
