/** The linked views' epoch on the loss curves: where its marker goes and which epoch a click picks. */
import { describe, expect, it } from 'vitest';
import { EPOCH_MARKER_ID, epochAtX, epochMarkerX, withEpochMarker } from '../../../../src/renderer/src/charts/epoch-marker';

describe('epoch marker on the curves', () => {
  it('sits at the epoch’s last step, or at the epoch on an epoch axis, and not on a time axis', () => {
    expect(epochMarkerX(3, 'step', 70)).toBe(210);
    expect(epochMarkerX(3, 'epoch', 70)).toBe(3);
    expect(epochMarkerX(3, 'wallTime', 70)).toBeNull();
    expect(epochMarkerX(null, 'step', 70)).toBeNull();
  });

  it('maps a click back to the nearest epoch', () => {
    expect(epochAtX(200, 'step', 70)).toBe(3);
    expect(epochAtX(10, 'step', 70)).toBe(1);
    expect(epochAtX(2.4, 'epoch', undefined)).toBe(2);
    expect(epochAtX(5, 'wallTime', 70)).toBeNull();
  });

  it('adds one dashed markLine series and leaves the curves as they were', () => {
    const option = { series: [{ id: 'loss', type: 'line', data: [[1, 2]] }] };
    const marked = withEpochMarker(option, 210, 3) as { series: { id: string; markLine?: { data: { xAxis: number }[]; label: { formatter: string } } }[] };
    expect(marked.series.map((s) => s.id)).toEqual(['loss', EPOCH_MARKER_ID]);
    expect(marked.series[1]?.markLine?.data).toEqual([{ xAxis: 210 }]);
    expect(marked.series[1]?.markLine?.label.formatter).toBe('epoch 3');
    expect(withEpochMarker(option, null, null)).toBe(option);
  });
});
