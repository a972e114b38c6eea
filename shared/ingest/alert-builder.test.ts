import { describe, expect, it } from 'vitest';
import { dedupeEntities, entity } from './alert-builder';

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
});
