import { describe, expect, it } from 'vitest';
import type { Entity, EntityRole } from '#shared/model/index';
import { dedupeEntities, entity, MAX_ENTITIES } from './alert-builder';

/** The plain definition: a Map by type and lower-cased value, a copy of each first entity, merged in place. */
const reference = (entities: readonly (Entity | undefined)[]): Entity[] => {
  const byKey = new Map<string, Entity>();
  for (const e of entities) {
    if (!e) continue;
    const key = `${e.type}\u0000${e.value.toLowerCase()}`;
    const prev = byKey.get(key);
    if (!prev) {
      if (byKey.size < MAX_ENTITIES) byKey.set(key, { ...e, roles: [...e.roles], props: { ...e.props } });
      continue;
    }
    const roles = [...new Set([...prev.roles, ...e.roles])].filter((r) => r !== 'unknown');
    prev.roles = roles.length ? roles : ['unknown'];
    prev.props = { ...e.props, ...prev.props };
    if (!prev.verdict && e.verdict) prev.verdict = e.verdict;
  }
  return [...byKey.values()];
};

describe('dedupeEntities', () => {
  it('unites roles of the same entity and drops unknown once a real role is known, whatever the order', () => {
    const a = entity({ type: 'account', value: 'FABRIKAM\\amy', roles: ['compromised'] });
    const b = entity({ type: 'account', value: 'fabrikam\\AMY' });
    expect(dedupeEntities([a, b])[0]?.roles).toEqual(['compromised']);
    expect(dedupeEntities([b, a])[0]?.roles).toEqual(['compromised']);
    expect(dedupeEntities([b, b])[0]?.roles).toEqual(['unknown']);
    expect(dedupeEntities([a, entity({ type: 'account', value: 'fabrikam\\amy', roles: ['attacked'] })])[0]?.roles).toEqual(['compromised', 'attacked']);
  });

  it('keeps distinct types apart and keeps the first props while filling gaps', () => {
    const out = dedupeEntities([
      entity({ type: 'ip', value: '10.0.0.1', props: { port: '80' } }),
      entity({ type: 'ip', value: '10.0.0.1', props: { port: '443', countryCode: 'NL' } }),
      entity({ type: 'device', value: '10.0.0.1' }),
    ]);
    expect(out).toHaveLength(2);
    expect(out[0]?.props).toEqual({ port: '80', countryCode: 'NL' });
  });

  it('gives what the plain definition gives for short and long lists, past the cap, and changes none of its input', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const roles: EntityRole[] = ['unknown', 'compromised', 'attacker', 'source'];
    for (const size of [0, 1, 3, 8, 16, 17, 40, 700, 1500]) {
      const list = Array.from({ length: size }, () =>
        rnd(20) === 0 ? undefined : entity({ type: rnd(2) ? 'ip' : 'device', value: `${rnd(2) ? 'A' : 'a'}${rnd(size > 100 ? 900 : 6)}`, roles: [roles[rnd(4)] ?? 'unknown'], props: rnd(2) ? { p: String(rnd(3)) } : {}, ...(rnd(5) ? {} : { verdict: 'malicious' as const }) }),
      );
      const before = JSON.stringify(list);
      expect(dedupeEntities(list)).toEqual(reference(list));
      expect(JSON.stringify(list)).toBe(before);
    }
    expect(dedupeEntities(Array.from({ length: 1500 }, (_, i) => entity({ type: 'ip', value: `10.0.${i >> 8}.${i & 255}` })))).toHaveLength(MAX_ENTITIES);
  });
});
