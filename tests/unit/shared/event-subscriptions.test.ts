import { describe, expect, it } from 'vitest';
import { EventSubscriptions } from '../../../src/shared/event-subscriptions';

describe('event subscriptions shared by the transports', () => {
  it('tell the host once per event, on the first listener and after the last one leaves', () => {
    const sent: string[] = [];
    const subscriptions = new EventSubscriptions((e) => sent.push(`+${e}`), (e) => sent.push(`-${e}`));
    const seen: unknown[] = [];
    const offA = subscriptions.add('metrics', (p) => seen.push(['a', p]));
    const offB = subscriptions.add('metrics', (p) => seen.push(['b', p]));
    subscriptions.add('log', () => {});
    expect(sent).toEqual(['+metrics', '+log']);
    subscriptions.dispatch('metrics', 1);
    expect(seen).toEqual([['a', 1], ['b', 1]]);
    offA();
    offA();
    expect(sent).toEqual(['+metrics', '+log']);
    offB();
    expect(sent).toEqual(['+metrics', '+log', '-metrics']);
    expect(subscriptions.events()).toEqual(['log']);
    subscriptions.dispatch('metrics', 2);
    expect(seen).toHaveLength(2);
  });
});
