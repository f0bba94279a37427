import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from '../../../../src/renderer/src/lib/route';

describe('hash routes', () => {
  it('reads every view and falls back to the Runs table', () => {
    expect(parseRoute('')).toEqual({ view: 'runs' });
    expect(parseRoute('#/')).toEqual({ view: 'runs' });
    expect(parseRoute('#/nonsense/1')).toEqual({ view: 'runs' });
    expect(parseRoute('#/new')).toEqual({ view: 'new' });
    expect(parseRoute('#/run/abc')).toEqual({ view: 'run', id: 'abc', tab: 'overview' });
    expect(parseRoute('#/run/abc/latent')).toEqual({ view: 'run', id: 'abc', tab: 'latent' });
    expect(parseRoute('#/run/abc/unknown-tab')).toEqual({ view: 'run', id: 'abc', tab: 'overview' });
    expect(parseRoute('#/run')).toEqual({ view: 'runs' });
    expect(parseRoute('#/compare')).toEqual({ view: 'compare', ids: [] });
    expect(parseRoute('#/compare?ids=a,b,,a, c')).toEqual({ view: 'compare', ids: ['a', 'b', 'c'] });
  });

  it('writes hashes that read back to the same route', () => {
    const routes: Route[] = [
      { view: 'runs' },
      { view: 'new' },
      { view: 'run', id: '3f2c-1', tab: 'overview' },
      { view: 'run', id: 'id with/slash', tab: 'logs' },
      { view: 'compare', ids: [] },
      { view: 'compare', ids: ['a', 'b'] },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
    expect(routeHash({ view: 'compare', ids: ['a', 'b'] })).toBe('#/compare?ids=a,b');
    expect(routeHash({ view: 'run', id: 'x', tab: 'overview' })).toBe('#/run/x');
  });
});
