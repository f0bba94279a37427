/**
 * A sweep: a grid over config fields and/or seeded random draws, each combination run with one or
 * more seeds. Expansion is pure and deterministic; every resulting config is checked with the run
 * config schema, and every bad field is refused with one message of its own.
 */
import { z } from 'zod';
import { type RunConfig, validateRunConfig } from '../config';
import { pathProblem, readPath, withPath } from './config-paths';
import { seededUniform } from '../seeded-uniform';

const randomFieldSchema = z.union([
  z.strictObject({ min: z.number(), max: z.number(), scale: z.enum(['linear', 'log']).default('linear'), integer: z.boolean().default(false) }),
  z.strictObject({ values: z.array(z.unknown()).min(1, { error: 'values needs at least one value' }) }),
]);

export const sweepSpecSchema = z.strictObject({
  /** Dotted config path -> the values to try; the grid is their Cartesian product. */
  grid: z.record(z.string(), z.array(z.unknown()).min(1, { error: 'each grid field needs at least one value' })).default({}),
  /** Seeded random search: `count` draws, each field from its range or list. */
  random: z
    .strictObject({
      count: z.number().int().min(1, { error: 'random.count must be at least 1' }).max(500, { error: 'random.count must be at most 500' }),
      seed: z.number().int().min(0).default(1),
      fields: z.record(z.string(), randomFieldSchema),
    })
    .optional(),
  /** Replicates: each combination runs with seeds base, base + 1, …. */
  seeds: z.number().int().min(1, { error: 'seeds must be at least 1' }).max(20, { error: 'seeds must be at most 20' }).default(1),
  /** Epochs for every run of the sweep (the base's own when absent). */
  epochs: z.number().int().min(1).max(10_000).optional(),
});
export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;

export interface SweepVariant {
  variant: string;
  change: Record<string, unknown>;
  replicate: number;
  config: RunConfig;
}

export type SweepExpansion = { ok: true; variants: SweepVariant[] } | { ok: false, issues: string[] };

function cartesian(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  return Object.entries(grid).reduce<Record<string, unknown>[]>(
    (combos, [path, values]) => combos.flatMap((combo) => values.map((value) => ({ ...combo, [path]: value }))),
    [{}],
  );
}

function randomDraws(random: NonNullable<SweepSpec['random']>): Record<string, unknown>[] {
  const next = seededUniform(random.seed);
  return Array.from({ length: random.count }, () =>
    Object.fromEntries(
      Object.entries(random.fields).map(([path, field]) => {
        if ('values' in field) return [path, field.values[Math.floor(next() * field.values.length)]];
        const u = next();
        const value = field.scale === 'log' ? Math.exp(Math.log(field.min) + u * (Math.log(field.max) - Math.log(field.min))) : field.min + u * (field.max - field.min);
        return [path, field.integer ? Math.round(value) : Number(value.toPrecision(4))];
      }),
    ),
  );
}

export function describeChange(change: Record<string, unknown>): string {
  const parts = Object.entries(change).map(([path, value]) => `${path} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.length > 0 ? parts.join(', ') : 'base config';
}

export function expandSweep(base: RunConfig, input: unknown): SweepExpansion {
  const parsed = sweepSpecSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'sweep'}: ${issue.message}`) };
  const spec = parsed.data;
  const issues: string[] = [];
  const paths = [...Object.keys(spec.grid), ...Object.keys(spec.random?.fields ?? {})];
  for (const path of new Set(paths)) {
    const problem = path === 'seed' ? 'vary the seed with `seeds` (replicates), not as a field' : pathProblem(base, path);
    if (problem) issues.push(problem);
  }
  if (paths.length === 0 && spec.seeds === 1) issues.push('the sweep changes nothing: give grid or random fields, or seeds > 1');
  for (const path of Object.keys(spec.random?.fields ?? {})) {
    const field = spec.random?.fields[path];
    if (field && 'min' in field && (field.min > field.max || (field.scale === 'log' && field.min <= 0))) {
      issues.push(`random.${path}: needs min ≤ max${field.scale === 'log' ? ' and min > 0 for a log scale' : ''}`);
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const combos = [...(Object.keys(spec.grid).length > 0 ? cartesian(spec.grid) : []), ...(spec.random ? randomDraws(spec.random) : [])];
  const changes = combos.length > 0 ? combos : [{}];
  const variants: SweepVariant[] = [];
  const seen = new Set<string>();
  for (const change of changes) {
    let config: RunConfig = spec.epochs === undefined ? base : withPath(base, 'optim.epochs', spec.epochs);
    for (const [path, value] of Object.entries(change)) config = withPath(config, path, value);
    for (let replicate = 0; replicate < spec.seeds; replicate++) {
      const validation = validateRunConfig(withPath(config, 'seed', base.seed + replicate));
      if (!validation.ok) {
        for (const issue of validation.issues) {
          // One message per bad field value, however many combinations share it.
          const value = readPath(config, issue.path);
          const message = `${issue.path}${value === undefined ? '' : ` = ${JSON.stringify(value)}`}: ${issue.message}`;
          if (!seen.has(message)) issues.push(message);
          seen.add(message);
        }
        break;
      }
      variants.push({ variant: describeChange(change), change, replicate, config: validation.config });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, variants };
}

/** `objective.beta=0.5,1,2` -> ['objective.beta', [0.5, 1, 2]]: numbers, booleans, null and JSON parsed, else strings. */
export function parseGridArgument(argument: string): [string, unknown[]] {
  const eq = argument.indexOf('=');
  if (eq <= 0) throw new Error(`--grid "${argument}" must look like field=value1,value2 (e.g. objective.beta=0.5,1,2)`);
  const path = argument.slice(0, eq);
  const raw = argument.slice(eq + 1);
  // A JSON array of values keeps commas inside values (hidden sizes, schedules).
  if (raw.startsWith('[[') || raw.startsWith('[{')) return [path, JSON.parse(raw) as unknown[]];
  return [path, raw.split(',').map((text) => parseScalar(text.trim()))];
}

function parseScalar(text: string): unknown {
  if (text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
