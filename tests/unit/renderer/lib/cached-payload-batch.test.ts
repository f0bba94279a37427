/** A snapshot's image grids are cut into tiles once per payload object, however often its epoch is revisited. */
import { describe, expect, it } from 'vitest';
import type { ImageGridPayload } from '../../../../src/shared/api';
import { cachedPayloadBatch, payloadToBatch } from '../../../../src/renderer/src/lib/image-payload';

const payload = (): ImageGridPayload => ({
  width: 4,
  height: 2,
  channels: 1,
  rows: 1,
  columns: 2,
  tileWidth: 2,
  tileHeight: 2,
  pixelsBase64: Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]).toString('base64'),
});

describe('cachedPayloadBatch', () => {
  it('returns the same tiles as payloadToBatch, the same object for the same payload, new ones for another', () => {
    const first = payload();
    const batch = cachedPayloadBatch(first);
    expect(batch).toEqual(payloadToBatch(first));
    expect(cachedPayloadBatch(first)).toBe(batch);
    expect(cachedPayloadBatch(payload())).not.toBe(batch);
  });
});
