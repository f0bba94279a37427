/**
 * What a figure writes on an axis for a metric: its name and its unit from the metric catalogue, so
 * every exported file says what it shows ("Validation ELBO (nats)", not "nats"). A key outside the
 * catalogue gets its key as the name.
 */
import { metricInfo, metricKeysShownIn } from '../metric-keys';

export interface FigureMetricLabel {
  name: string;
  unit: string | null;
}

const FIGURE_KEYS = metricKeysShownIn('figures');

/** The metrics a curve panel offers, validation first. */
export const FIGURE_METRIC_KEYS: readonly string[] = [...FIGURE_KEYS.filter((key) => key.startsWith('eval/')), ...FIGURE_KEYS.filter((key) => !key.startsWith('eval/'))];

export function figureMetricLabel(key: string): FigureMetricLabel {
  const metric = metricInfo(key);
  return metric ? { name: metric.label, unit: metric.unit } : { name: key, unit: null };
}

/** "Validation ELBO (nats)". */
export function axisTitle(label: FigureMetricLabel): string {
  return label.unit ? `${label.name} (${label.unit})` : label.name;
}

/** The curve-panel x axes, named with their unit. */
export const X_AXIS_TITLES = { step: 'Step', epoch: 'Epoch', time: 'Time (s)' } as const;
