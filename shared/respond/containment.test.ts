import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alert } from '#shared/model/index';
import { HOSTILE_STRINGS } from '#shared/report/hostile-corpus';
import { dfcSampleAlerts, graphSampleAlerts } from '#shared/report/test-fixtures';
import { RESPONDER_PLACEHOLDER, REVIEW_HEADER, containmentCommands } from './containment';

const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const graph = graphSampleAlerts(sample('graph-alerts-v2-docs-example.json'));
const dfc = dfcSampleAlerts(sample('defender-for-cloud-alerts-api-example.json'));
const ctx = { incidentId: 'in-1', incidentTitle: 'Test', analyst: 'alice', now: Date.UTC(2024, 0, 2) };
const ALL = ['account', 'device', 'ip', 'file', 'domain', 'url'] as const;

describe('containment commands on the real samples', () => {
  it('Graph example: isolates the device, finds the file by SHA-256, blocks 1.1.1.1, never disables SYSTEM', () => {
    const r = containmentCommands(graph, ALL, ['powershell', 'shell'], ctx);
    const ps = r.scripts[0]?.text ?? '';
    const sh = r.scripts[1]?.text ?? '';
    expect(ps.split('\n')[0]).toBe(`# ${REVIEW_HEADER}`);
    expect(sh).toContain(`# ${REVIEW_HEADER}`);
    expect(ps).toContain("Invoke-Command -ComputerName 'tempDns'");
    expect(ps).toContain("Where-Object Hash -eq '8963A19FB992AD9A76576C5638FD68292CFFB9AAAC29EB8285F9ABF6196A7DEC'");
    expect(ps).toContain("New-NetFirewallRule -DisplayName 'Caseline block 1.1.1.1' -Direction Outbound -RemoteAddress '1.1.1.1' -Action Block");
    expect(sh).toContain("sudo iptables -I OUTPUT -d '1.1.1.1' -j DROP");
    expect(sh).toContain("sudo find / -xdev -type f -exec sha256sum -- {} + 2>/dev/null | grep -i -F -- '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec'");
    expect(ps).not.toMatch(/Disable-ADAccount/);
    expect(r.skipped).toContainEqual({ type: 'account', value: 'NT AUTHORITY\\SYSTEM', reason: 'built-in account' });
  });

  it('Defender for Cloud example: disables contosoUser by SID, blocks the documentation address 192.0.2.1', () => {
    const r = containmentCommands(dfc, ['account', 'ip'], ['powershell', 'shell'], ctx);
    expect(r.scripts[0]?.text).toContain("Disable-ADAccount -Identity 'S-1-5-21-2144575486-8928446540-5163864319-500'");
    expect(r.scripts[1]?.text).toContain("sudo usermod --lock --expiredate 1 -- 'contosoUser'");
    expect(r.scripts[1]?.text).toContain("sudo iptables -I INPUT -s '192.0.2.1' -j DROP");
    expect(r.scripts[0]?.commandCount).toBe(3);
  });
});

const hostileAlerts = (): Alert[] => {
  const base = dfc[0];
  return HOSTILE_STRINGS.map((p, i) => ({
    ...base,
    id: `${base.id}-${i}` as Alert['id'],
    entities: (['account', 'file', 'domain', 'url', 'ip', 'device'] as const).map((type) => ({ type, value: p, roles: ['unknown'], props: {} })),
  }));
};

describe('containment commands with hostile values', () => {
  it('a POSIX script runs with stub commands and passes every hostile value as one exact argument', () => {
    const alerts = hostileAlerts();
    const r = containmentCommands(alerts, ALL, ['shell'], ctx);
    const script = r.scripts[0]?.text ?? '';
    // Stubs print each argument NUL-terminated instead of acting.
    const stubs = `sudo() { for a in "$@"; do printf '%s\\0' "$a"; done; }\nssh() { cat >/dev/null; for a in "$@"; do printf '%s\\0' "$a"; done; }\n`;
    const ready = script.replace(/^#!.*\n/, '').replace(`RESPONDER_IP='${RESPONDER_PLACEHOLDER}'`, "RESPONDER_IP='192.0.2.10'");
    const out = execFileSync('/bin/dash', ['-c', stubs + ready], { encoding: 'utf8' }).split('\0');
    let checked = 0;
    for (const p of HOSTILE_STRINGS) {
      const v = p.trim();
      if (r.skipped.some((s) => s.value === v && s.type === 'account')) continue;
      const name = v.slice(v.lastIndexOf('\\') + 1).toLowerCase(); // targets are deduplicated case-insensitively
      expect(out.map((o) => o.toLowerCase())).toContain(name); // the account name, exactly, as one argument
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    expect(out).not.toContain('pwned');
    // Domains and URLs that are not host names are refused, never sinkholed as text.
    expect(script).not.toMatch(/0\.0\.0\.0 %s\\n' '[^']*</);
  });

  it('refuses values with NUL, line breaks or bidi controls and says why', () => {
    const r = containmentCommands(hostileAlerts(), ['account', 'file'], ['powershell'], ctx);
    const reasons = new Map(r.skipped.map((s) => [s.value, s.reason]));
    expect(reasons.get('invoice\u202Efdp.exe')).toBe('contains control, bidi or invisible characters');
    expect(reasons.get('nul\u0000byte')).toBe('contains a NUL character');
    const text = r.scripts[0]?.text ?? '';
    expect(text).toMatch(/^[\x20-\x7E\n\u2014]*$/); // ASCII apart from the header's dash
    expect(text).not.toContain('\u202E');
  });

  it('a script with the placeholder responder address stops before doing anything', () => {
    const r = containmentCommands(graph, ['device'], ['shell'], ctx);
    const stubs = `ssh() { echo RAN; }\n`;
    expect(() => execFileSync('/bin/dash', ['-c', stubs + (r.scripts[0]?.text ?? '')], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/Set RESPONDER_IP/);
  });

  it('PowerShell: outside quoted strings and comments, no hostile value appears', () => {
    const r = containmentCommands(hostileAlerts(), ALL, ['powershell'], ctx);
    const script = r.scripts[0]?.text ?? '';
    // Lex the script: drop comments, verbatim strings (any of the five quote characters, doubled = literal) and
    // our [char[]] expressions; what is left is Caseline's own command text.
    const code = script
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n')
      .replace(/\(\[string\]::new\(\[char\[\]\]@\((?:0x[0-9A-F]{1,4},?)+\)\)\)/g, 'S')
      .replace(/['\u2018-\u201B](?:[^'\u2018-\u201B]|['\u2018-\u201B]{2})*['\u2018-\u201B]/g, 'S');
    for (const marker of ['__xss', 'Remove-Item', 'pwned', 'touch', 'calc', 'HYPERLINK', 'attacker', '<', '>']) expect(code).not.toContain(marker);
    expect(r.scripts[0]?.commandCount).toBeGreaterThan(10);
  });
});
