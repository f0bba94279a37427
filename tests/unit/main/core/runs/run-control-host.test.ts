// Through a real worker process: progress shows from the first moment, and Stop takes effect at the
// next step rather than at the next metrics report or after the epoch's evaluation.
import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../../../src/shared/api';
import { hostsClosedAfter, openHost, tempDataDir, tinyConfig, waitFor } from '../../../../helpers/tiny-run';

const closing = hostsClosedAfter('each');

describe('run control through the host', () => {
  it('sends progress (step 0, the total, no ETA yet) as training starts, and stops within a step or two', async () => {
    const services = closing(openHost(tempDataDir()));
    const seen: RunProgress[] = [];
    services.events.on('progress', (progress) => seen.push(progress));
    // No metrics report until 1,000 steps or a second have passed: the old loop only looked at
    // pause/stop then, or at the epoch's end.
    const config = { ...tinyConfig({ epochs: 50, reportEverySteps: 1000 }), optim: { batchSize: 16, epochs: 50 } };
    const run = services.runs.createRun({ config, name: 'stop-at-once' });
    const first = await waitFor(() => seen[0], 60_000, 'first progress');
    expect(first).toMatchObject({ step: 0, epoch: 0, epochs: 50, samplesPerSec: 0, etaSeconds: null });
    expect(first.totalSteps).toBeGreaterThan(50 * 10);
    const stepsPerEpoch = first.totalSteps / 50;
    await services.runs.stopRun(run.id);
    const final = services.store.getRun(run.id);
    expect(final.status).toBe('stopped');
    const line = services.store.getLogs(run.id).find((l) => l.line.startsWith('Training stopped after'))?.line ?? '';
    const stoppedAt = Number(/after (\d+) steps/.exec(line)?.[1]);
    expect(stoppedAt).toBeLessThan(stepsPerEpoch);
  });
});
