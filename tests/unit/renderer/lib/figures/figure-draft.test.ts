/** The Figures view's pure helpers and its routes. */
import { describe, expect, it } from 'vitest';
import { parseFigureSpec } from '../../../../../src/shared/figures/figure-spec';
import { convertSize, freshFigureName, newFigureSpec, newPanel, presetWidth } from '../../../../../src/renderer/src/lib/figures/figure-draft';
import { parseRoute, routeHash } from '../../../../../src/renderer/src/lib/route';

describe('figure drafts', () => {
  it('starts a valid one-column figure for the chosen runs: validation ELBO, then KL per dimension', () => {
    const spec = parseFigureSpec(newFigureSpec(['a', 'b'], 'Figure 1'));
    expect(spec.runs).toEqual(['a', 'b']);
    expect(spec.panels.map((panel) => panel.kind)).toEqual(['curves', 'kl-per-dim']);
    expect(spec.panels[0]).toMatchObject({ metric: 'eval/elbo', x: 'epoch', smoothing: 0 });
    expect(spec.size).toEqual({ width: 3.25, height: 2.2, unit: 'in' });
    expect(spec.font).toEqual({ family: 'serif', sizePt: 8 });
  });

  it('makes a valid panel of every kind', () => {
    for (const kind of ['curves', 'kl-per-dim', 'rate-distortion', 'latent-scatter', 'images'] as const) {
      expect(parseFigureSpec({ name: 'x', runs: ['a'], panels: [newPanel(kind)] }).panels[0]?.kind).toBe(kind);
    }
  });

  it('keeps the size when switching unit, and offers the column presets in both units', () => {
    expect(convertSize({ width: 3.25, height: 2.2 }, 'in', 'cm')).toEqual({ width: 8.26, height: 5.59 });
    expect(convertSize({ width: 8.26, height: 5.59 }, 'cm', 'in')).toEqual({ width: 3.25, height: 2.2 });
    expect(presetWidth('textWidth', 'in')).toBe(6.75);
    expect(presetWidth('singleColumn', 'cm')).toBe(8.26);
  });

  it('names a new figure after the saved ones', () => {
    expect(freshFigureName([])).toBe('Figure 1');
    expect(freshFigureName(['figure 1', 'Figure 2'])).toBe('Figure 3');
  });
});

describe('figure routes', () => {
  it('round-trips the builder, a saved figure and a new figure for runs', () => {
    for (const route of [{ view: 'figures' as const }, { view: 'figures' as const, id: 'f-1' }, { view: 'figures' as const, runs: ['r1', 'r2'] }]) {
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
    expect(parseRoute('#/figures?runs=a,,b,a')).toEqual({ view: 'figures', runs: ['a', 'b'] });
  });
});
