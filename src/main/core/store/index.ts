/** The run store's public surface. */
export { openRunStore, RunStore, type BundleOptions } from './run-store';
export type { RunStoreOptions } from './open-database';
export type { AppendResult } from './metrics/metric-writer';
export type { BundleExportResult } from './bundle/write-bundle';
export type { RunJsonExport, JsonMetricValue } from './exports/run-json';
export type { NewCheckpoint } from './artefacts/checkpoints';
export type { LogQuery } from './artefacts/run-logs';
export { SCHEMA_VERSION } from './schema/migrate';
export { BUNDLE_EXTENSION } from './bundle/bundle-manifest';
