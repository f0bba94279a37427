import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../../src/shared/json-wire';

describe('JSON wire format', () => {
  it('keeps NaN and ±Infinity that plain JSON turns into null', () => {
    const value = { loss: NaN, max: Infinity, min: -Infinity, nested: [1, NaN, { x: -Infinity }], ok: 2.5 };
    expect(JSON.parse(JSON.stringify(value)).loss).toBeNull();
    const back = fromWire(toWire(value)) as typeof value;
    expect(back.loss).toBeNaN();
    expect(back.max).toBe(Infinity);
    expect(back.min).toBe(-Infinity);
    expect(back.nested[1]).toBeNaN();
    expect(back.nested[2]).toEqual({ x: -Infinity });
    expect(back.ok).toBe(2.5);
  });

  it('leaves ordinary strings alone, including ones that spell NaN', () => {
    const value = { name: 'NaN', notes: 'Infinity and beyond', tag: '-Infinity' };
    expect(fromWire(toWire(value))).toEqual(value);
  });
});
