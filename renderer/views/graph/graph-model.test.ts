import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AlertRow, IncidentEntity } from '#shared/engine/api';
import type { EntityProps, EntityType, Severity } from '#shared/model/index';
import { TACTICS, tacticRank } from '#shared/model/index';
import { HOSTILE_STRINGS } from '#shared/report/hostile-corpus';
import { UNMAPPED, alertGroupId, alertNodeId, buildGraph, entityGroupId, entityNodeId, findPath, nodeShowing, nodesOfAlerts } from './graph-model';
import { COLUMN_GAP, MAX_PER_COLUMN, ROW_GAP, TYPE_LANES, killChainLayout, rowsForAspect } from './graph-layout';
import { deriveRelations } from './graph-relations';
import { buildSvg, xmlEscape } from './graph-svg';

const T0 = Date.UTC(2024, 2, 10, 8, 0, 0);
const alert = (id: string, tactics: string[], minute: number, severity: Severity = 'medium', title = `Alert ${id}`): AlertRow => ({
  id,
  title,
  severity,
  status: 'new',
  source: 'graph',
  product: 'Microsoft Defender for Endpoint',
  firstActivity: T0 + minute * 60_000,
  lastActivity: T0 + (minute + 1) * 60_000,
  tactics,
  incidentId: 'in-1',
  entityCount: 0,
  assignedTo: '',
  classification: 'unknown',
  suppressed: false,
});
const entity = (type: EntityType, value: string, alertIds: string[], props: EntityProps = {}, extra: Partial<IncidentEntity> = {}): IncidentEntity => ({
  key: `${type}:${value.toLowerCase()}`,
  type,
  value,
  roles: ['compromised'],
  props,
  alertIds,
  firstSeen: T0,
  lastSeen: T0 + 3_600_000,
  ...extra,
});

// A small multi-stage story: phish (Initial access) → execution on a host → credential access → C2.
const story = () => {
  const alerts = [
    alert('a1', ['TA0001'], 0, 'medium', 'Phishing email delivered'),
    alert('a2', ['TA0002'], 10, 'high', 'Suspicious PowerShell'),
    alert('a3', ['TA0006'], 20, 'high', 'LSASS memory read'),
    alert('a4', ['TA0011'], 30, 'critical', 'Beacon to known C2'),
    alert('a5', [], 40, 'low', 'Unmapped anomaly'),
  ];
  const entities = [
    entity('mailbox', 'alice@contoso.com', ['a1']),
    entity('mailMessage', 'msg-1', ['a1'], { recipient: 'alice@contoso.com', sender: 'evil@attacker.example' }),
    entity('url', 'https://evil.example/login', ['a1']),
    entity('domain', 'evil.example', ['a4']),
    entity('device', 'ws-01', ['a2', 'a3', 'a4'], { hostName: 'ws-01' }),
    entity('account', 'CONTOSO\\alice', ['a2', 'a3'], { accountName: 'alice', ntDomain: 'CONTOSO' }),
    entity('process', 'powershell.exe', ['a2'], { processId: '200', parentProcessId: '100', imagePath: 'C:\\Windows\\powershell.exe', hostName: 'ws-01', accountName: 'CONTOSO\\alice' }),
    entity('process', 'winword.exe', ['a2'], { processId: '100', imagePath: 'C:\\Office\\winword.exe', hostName: 'ws-01' }),
    entity('file', 'powershell.exe', ['a2'], { filePath: 'C:\\Windows\\powershell.exe' }),
    entity('ip', '203.0.113.9', ['a4']),
    entity('dnsQuery', 'evil.example', ['a4'], { answers: '203.0.113.9' }),
    entity('ip', '10.0.0.5', ['a5'], {}, { noise: 'Seen in 40% of alerts' }),
  ];
  return { alerts, entities };
};

describe('buildGraph', () => {
  it('makes one node per alert and entity, role edges alert → entity, and relation edges between entities', () => {
    const g = buildGraph(story());
    expect(g.nodes.filter((n) => n.kind === 'alert')).toHaveLength(5);
    expect(g.nodes.filter((n) => n.kind === 'entity')).toHaveLength(12);
    const edge = (s: string, t: string) => g.edges.find((e) => e.source === s && e.target === t);
    expect(edge(alertNodeId('a2'), entityNodeId('device:ws-01'))?.label).toBe('compromised');
    expect(edge(entityNodeId('process:winword.exe'), entityNodeId('process:powershell.exe'))?.label).toBe('child');
    expect(edge(entityNodeId('process:powershell.exe'), entityNodeId('file:powershell.exe'))?.label).toBe('image file');
    expect(edge(entityNodeId('process:powershell.exe'), entityNodeId('device:ws-01'))?.label).toBe('ran on');
    expect(edge(entityNodeId('process:powershell.exe'), entityNodeId('account:contoso\\alice'))?.label).toBe('ran as');
    expect(edge(entityNodeId('account:contoso\\alice'), entityNodeId('device:ws-01'))?.label).toBe('logon host');
    expect(edge(entityNodeId('dnsQuery:evil.example'), entityNodeId('ip:203.0.113.9'))?.label).toBe('resolved to');
    expect(edge(entityNodeId('mailMessage:msg-1'), entityNodeId('mailbox:alice@contoso.com'))?.label).toBe('delivered to');
    expect(edge(entityNodeId('mailMessage:msg-1'), entityNodeId('url:https://evil.example/login'))?.label).toBe('contains');
    // Each edge's ends exist, and ids are unique.
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(ids.size).toBe(g.nodes.length);
    for (const e of g.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it('ranks nodes by kill chain: alerts by their first tactic, entities by the earliest alert naming them', () => {
    const g = buildGraph(story());
    const rank = (id: string) => g.nodes.find((n) => n.id === id)?.rank;
    expect(rank(alertNodeId('a1'))).toBe(tacticRank('TA0001'));
    expect(rank(alertNodeId('a5'))).toBe(TACTICS.length);
    expect(rank(entityNodeId('device:ws-01'))).toBe(tacticRank('TA0002'));
    expect(rank(entityNodeId('url:https://evil.example/login'))).toBe(tacticRank('TA0001'));
  });

  it('filters by tactic and time window, dropping entities no kept alert names', () => {
    const byTactic = buildGraph(story(), { tactics: new Set(['TA0006']) });
    expect(byTactic.nodes.filter((n) => n.kind === 'alert').map((n) => n.id)).toEqual([alertNodeId('a3')]);
    expect(byTactic.nodes.filter((n) => n.kind === 'entity').map((n) => n.entityKey).sort()).toEqual(['account:contoso\\alice', 'device:ws-01']);
    // The device keeps only the kept alert.
    expect(byTactic.nodes.find((n) => n.entityKey === 'device:ws-01')?.alertIds).toEqual(['a3']);
    const unmapped = buildGraph(story(), { tactics: new Set([UNMAPPED]) });
    expect(unmapped.nodes.filter((n) => n.kind === 'alert').map((n) => n.id)).toEqual([alertNodeId('a5')]);
    const window = buildGraph(story(), { timeRange: [T0 + 9 * 60_000, T0 + 21 * 60_000] });
    expect(window.nodes.filter((n) => n.kind === 'alert').map((n) => n.id).sort()).toEqual([alertNodeId('a2'), alertNodeId('a3')]);
    expect(window.alertCount).toBe(2);
  });

  it('hides noise entities on request and marks them otherwise', () => {
    expect(buildGraph(story()).nodes.find((n) => n.entityKey === 'ip:10.0.0.5')?.noise).toMatch(/40%/);
    expect(buildGraph(story(), { hideNoise: true }).nodes.some((n) => n.entityKey === 'ip:10.0.0.5')).toBe(false);
  });

  it('collapses crowded same-type groups into one expandable node and merges their edges', () => {
    const alerts = [alert('s1', ['TA0043'], 0, 'low', 'Port scan'), alert('s2', ['TA0043'], 5, 'medium', 'Port scan 2')];
    // (alert titles differ, so only the IPs collapse)
    const ips = Array.from({ length: 37 }, (_, i) => entity('ip', `198.51.100.${i}`, i % 2 ? ['s1', 's2'] : ['s1']));
    const detail = { alerts, entities: [...ips, entity('device', 'srv-01', ['s1'])] };
    const g = buildGraph(detail);
    const group = g.nodes.find((n) => n.id === entityGroupId('ip'));
    expect(group?.kind).toBe('group');
    expect(group?.value).toBe('37 IP addresses');
    expect(group?.count).toBe(37);
    expect(group?.members).toHaveLength(37);
    expect(g.nodes).toHaveLength(2 + 1 + 1);
    // 37 alert→ip edges from s1 become one edge with a count.
    const e1 = g.edges.find((e) => e.source === alertNodeId('s1') && e.target === entityGroupId('ip'));
    expect(e1?.count).toBe(37);
    expect(g.edges.find((e) => e.source === alertNodeId('s2') && e.target === entityGroupId('ip'))?.count).toBe(18);
    expect(nodeShowing(g, entityNodeId('ip:198.51.100.7'))).toBe(entityGroupId('ip'));
    // Expanded: every address is its own node again.
    const open = buildGraph(detail, { expanded: new Set([entityGroupId('ip')]) });
    expect(open.nodes.filter((n) => n.type === 'ip')).toHaveLength(37);
    expect(buildGraph(detail, { collapseOver: 100 }).nodes.filter((n) => n.type === 'ip')).toHaveLength(37);
  });

  it('collapses many alerts with the same title into one node with the highest severity', () => {
    const alerts = Array.from({ length: 30 }, (_, i) => alert(`b${i}`, ['TA0006'], i, i === 7 ? 'high' : 'low', 'SSH brute force'));
    const g = buildGraph({ alerts, entities: [entity('device', 'mail', alerts.map((a) => a.id))] });
    const group = g.nodes.find((n) => n.id === alertGroupId('SSH brute force'));
    expect(group?.count).toBe(30);
    expect(group?.severity).toBe('high');
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]?.count).toBe(30);
    // Two of a title stay apart; the threshold is an option.
    const two = buildGraph({ alerts: alerts.slice(0, 2), entities: [] });
    expect(two.nodes.map((n) => n.kind)).toEqual(['alert', 'alert']);
    expect(buildGraph({ alerts, entities: [] }, { alertCollapseOver: 50 }).nodes).toHaveLength(30);
  });

  it('keeps a 2,000-entity incident readable and fast', () => {
    const types: EntityType[] = ['ip', 'file', 'process', 'url', 'device', 'account'];
    const alerts = Array.from({ length: 300 }, (_, i) => alert(`x${i}`, [TACTICS[i % TACTICS.length]?.id ?? 'TA0001'], i, 'medium', `Detection ${i % 40}`));
    const entities = Array.from({ length: 2000 }, (_, i) => {
      const t = types[i % types.length];
      return entity(t, `${t}-${i}`, [`x${i % 300}`, `x${(i * 7) % 300}`], t === 'process' ? { processId: String(i), parentProcessId: String(i - 6), hostName: `device-${(i % 50) * 6 + 4}` } : {});
    });
    const t = performance.now();
    const g = buildGraph({ alerts, entities });
    const layout = killChainLayout(g);
    const ms = performance.now() - t;
    expect(g.nodes.length).toBeLessThan(320);
    expect(g.nodes.filter((n) => n.kind === 'group' && n.type !== 'alert')).toHaveLength(6);
    expect(layout.positions.size).toBe(g.nodes.length);
    expect(ms).toBeLessThan(1000);
  });
});

describe('deriveRelations', () => {
  it('does not link processes on different hosts that share a pid', () => {
    const rel = deriveRelations([
      entity('process', 'a.exe', ['x'], { processId: '10', hostName: 'h1' }),
      entity('process', 'b.exe', ['x'], { parentProcessId: '10', hostName: 'h2' }),
    ]);
    expect(rel).toEqual([]);
  });
  it('skips co-occurrence links in alerts that name many accounts and hosts', () => {
    const many = Array.from({ length: 8 }, (_, i) => entity('device', `h${i}`, ['big']));
    const rel = deriveRelations([...many, entity('account', 'u', ['big'])]);
    expect(rel.filter((r) => r.label === 'logon host')).toEqual([]);
  });
});

describe('killChainLayout', () => {
  it('places columns left to right in kill-chain order, alerts before the entities they introduce', () => {
    const g = buildGraph(story());
    const { positions, columns } = killChainLayout(g);
    const x = (id: string) => positions.get(id)?.x ?? NaN;
    expect(x(alertNodeId('a1'))).toBeLessThan(x(entityNodeId('url:https://evil.example/login')));
    expect(x(entityNodeId('url:https://evil.example/login'))).toBeLessThan(x(alertNodeId('a2')));
    expect(x(alertNodeId('a2'))).toBeLessThan(x(alertNodeId('a3')));
    expect(x(alertNodeId('a4'))).toBeLessThan(x(alertNodeId('a5')));
    expect(columns.map((c) => c.label)).toEqual(['Initial Access', 'Execution', 'Credential Access', 'Command and Control', 'Unmapped']);
    // Entities of one column are stacked by lane: the device above the account above the processes.
    const y = (id: string) => positions.get(id)?.y ?? NaN;
    expect(y(entityNodeId('device:ws-01'))).toBeLessThan(y(entityNodeId('account:contoso\\alice')));
    expect(y(entityNodeId('account:contoso\\alice'))).toBeLessThan(y(entityNodeId('process:powershell.exe')));
    expect(TYPE_LANES).toHaveLength(14);
  });
  it('wraps tall columns and never puts two nodes on one spot', () => {
    const alerts = Array.from({ length: 30 }, (_, i) => alert(`c${i}`, ['TA0002'], i));
    const { positions } = killChainLayout(buildGraph({ alerts, entities: [] }));
    const xs = new Set([...positions.values()].map((p) => p.x));
    expect(xs.size).toBe(Math.ceil(30 / MAX_PER_COLUMN));
    expect(Math.max(...xs)).toBe(COLUMN_GAP * 2);
    const spots = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(30);
  });
  it('fits the canvas: wide canvases get short columns, tall ones long columns', () => {
    const alerts = Array.from({ length: 120 }, (_, i) => alert(`d${i}`, [TACTICS[i % 6]?.id ?? 'TA0001'], i, 'low', `D${i}`));
    const model = buildGraph({ alerts, entities: [] });
    expect(rowsForAspect(model, 3)).toBeLessThan(rowsForAspect(model, 0.5));
    for (const aspect of [0.7, 1.4, 2.5]) {
      const { positions } = killChainLayout(model, aspect);
      const xs = [...positions.values()].map((p) => p.x);
      const ys = [...positions.values()].map((p) => p.y);
      const ratio = (Math.max(...xs) - Math.min(...xs) + COLUMN_GAP) / (Math.max(...ys) - Math.min(...ys) + ROW_GAP);
      expect(ratio / aspect).toBeGreaterThan(0.5);
      expect(ratio / aspect).toBeLessThan(2);
    }
  });
});

describe('findPath', () => {
  it('finds the shortest path in either edge direction', () => {
    const g = buildGraph(story());
    const p = findPath(g, alertNodeId('a1'), alertNodeId('a3'));
    expect(p).toBeDefined();
    expect(p?.nodes[0]).toBe(alertNodeId('a1'));
    expect(p?.nodes.at(-1)).toBe(alertNodeId('a3'));
    expect(p?.edges.length).toBe((p?.nodes.length ?? 0) - 1);
    // Every step is a real edge.
    const edgeIds = new Set(g.edges.map((e) => e.id));
    for (const e of p?.edges ?? []) expect(edgeIds.has(e)).toBe(true);
    const direct = findPath(g, alertNodeId('a2'), entityNodeId('device:ws-01'));
    expect(direct?.nodes).toEqual([alertNodeId('a2'), entityNodeId('device:ws-01')]);
    expect(findPath(g, alertNodeId('a1'), alertNodeId('a1'))?.nodes).toEqual([alertNodeId('a1')]);
  });
  it('returns undefined for unconnected or unknown nodes', () => {
    const g = buildGraph(story());
    expect(findPath(g, alertNodeId('a5'), alertNodeId('a1'))).toBeUndefined();
    expect(findPath(g, 'nope', alertNodeId('a1'))).toBeUndefined();
  });
  it('nodesOfAlerts lists the nodes an alert involves', () => {
    const g = buildGraph(story());
    expect([...nodesOfAlerts(g, new Set(['a4']))].sort()).toEqual([alertNodeId('a4'), entityNodeId('device:ws-01'), entityNodeId('dnsQuery:evil.example'), entityNodeId('domain:evil.example'), entityNodeId('ip:203.0.113.9')].sort());
  });
});

describe('SVG export', () => {
  it('escapes every hostile label and stays well-formed', () => {
    const nodes = HOSTILE_STRINGS.map((s, i) => ({ id: `n${i}`, position: { x: i * 10, y: 0 }, label: s, color: '#336699', shape: 'ellipse' as const, size: 30 }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${i}`, target: n.id, label: HOSTILE_STRINGS[i] ?? '', color: 'red' }));
    const svg = buildSvg(nodes, edges, { background: '#fff', text: '#000', edge: '#999' }, '<script>window.__xss=1</script>');
    expect(svg).not.toMatch(/<(script|img|svg onload|a |base|meta|link|animate)/i);
    // Only our own elements.
    const tags = new Set([...svg.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['circle', 'g', 'line', 'rect', 'svg', 'text', 'title']);
    // No character XML forbids.
    // eslint-disable-next-line no-control-regex
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
  it('xmlEscape round-trips text without forbidden characters', () => {
    const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        // eslint-disable-next-line no-control-regex
        const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
        const out = xmlEscape(clean);
        expect(out).not.toMatch(/[<>"']/);
        expect(unescape(out)).toBe(clean);
      }),
    );
  });
  it('refuses colours that are not colour tokens', () => {
    const svg = buildSvg([{ id: 'a', position: { x: 0, y: 0 }, label: 'x', color: 'red" onload="x', shape: 'round-rectangle', size: 20 }], [], { background: 'url(https://attacker.example/)', text: '#000', edge: '#999' }, 't');
    expect(svg).not.toContain('onload');
    expect(svg).not.toContain('attacker');
  });
});
