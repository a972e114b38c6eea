// Correlation settings, their defaults and the reasons for them (docs/correlation.md has the measurements).

export type CorrelationSettings = {
  /** Two alerts that share a significant entity link when the later starts within this time of the earlier's end. */
  windowMs: number;
  /**
   * Longer window for a kill-chain step: the later alert's tactic comes after the earlier one's (delivery → click →
   * execution → credential access ...), which makes a link more plausible over a longer gap.
   */
  sequenceWindowMs: number;
  /**
   * Same detection repeated on the same entities (same detector and at least two shared entities, even frequent
   * ones): links across this window even through entities too frequent to link on their own.
   */
  repeatWindowMs: number;
  /**
   * An entity present in more separate periods than this within `noiseHorizonMs` either side (periods are
   * `windowMs` long, aligned to the epoch) is treated as noise there: infrastructure (a DC, a proxy, a DNS server) is there all the time, an attacked host in a
   * burst. Noise links nothing on its own.
   */
  noisePeriods: number;
  /**
   * How far either side of an alert presence is counted (default 7 days): an entity can be infrastructure-like in
   * one week and a quiet lab host in another, so the verdict is local in time.
   */
  noiseHorizonMs: number;
  /** An entity in more alerts than this is noise too, however bursty. */
  noiseThreshold: number;
  /** Entities never treated as noise (values, keys or globs with `*`). Wins over everything else. */
  allowList: readonly string[];
  /** Entities always treated as noise (values, keys or globs with `*`). */
  denyList: readonly string[];
  /** Cap per incident (Sentinel's is 150); a bigger group splits by time. */
  maxAlertsPerIncident: number;
  /** Cap on distinct entities per incident; a bigger group splits by time, and merges past it are refused. */
  maxEntitiesPerIncident: number;
};

const HOUR = 3_600_000;

/** System binaries, present with the same name and hash on every Windows host. */
export const COMMON_BINARIES: readonly string[] = [
  'powershell.exe', 'pwsh.exe', 'powershell_ise.exe', 'cmd.exe', 'conhost.exe', 'svchost.exe', 'rundll32.exe', 'regsvr32.exe',
  'explorer.exe', 'services.exe', 'lsass.exe', 'wmiprvse.exe', 'winlogon.exe', 'csrss.exe', 'smss.exe', 'wininit.exe',
  'taskhostw.exe', 'taskhost.exe', 'dllhost.exe', 'msiexec.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe', 'net.exe',
  'net1.exe', 'whoami.exe', 'nltest.exe', 'schtasks.exe', 'sc.exe', 'reg.exe', 'werfault.exe', 'searchindexer.exe',
  'spoolsv.exe', 'wmic.exe', 'msedge.exe', 'chrome.exe', 'firefox.exe', 'iexplore.exe', 'outlook.exe', 'winword.exe',
  'excel.exe', 'powerpnt.exe', 'teams.exe', 'onedrive.exe', 'ccmexec.exe', 'psexesvc.exe', 'mstsc.exe', 'userinit.exe',
  'sihost.exe', 'runtimebroker.exe', 'backgroundtaskhost.exe', 'mmc.exe', 'notepad.exe', 'certutil.exe', 'bitsadmin.exe',
  'rar.exe', 'winrar.exe', '7z.exe', '7zg.exe', 'zip.exe', 'tar.exe', 'curl.exe', 'ssh.exe', 'java.exe', 'javaw.exe',
  'bash', 'sh', 'python', 'python3', 'sshd', 'sudo', 'cron', 'systemd',
];

/** Built-in and generic accounts (SIDs, names): the same on every host, so they identify nobody. */
export const BUILTIN_ACCOUNTS: readonly string[] = [
  'S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-7', 'S-1-0-0', 'NT AUTHORITY\\*', 'SYSTEM', 'LOCAL SYSTEM', 'LOCAL SERVICE',
  'NETWORK SERVICE', 'ANONYMOUS LOGON', 'Window Manager\\*', 'Font Driver Host\\*', 'DWM-*', 'UMFD-*',
  'acct:name:administrator', 'acct:name:admin', 'acct:name:root', 'acct:name:guest', 'acct:name:user', 'acct:name:test',
];

export const DEFAULT_CORRELATION_SETTINGS: CorrelationSettings = {
  windowMs: 4 * HOUR,
  sequenceWindowMs: 8 * HOUR,
  repeatWindowMs: 4 * HOUR,
  noisePeriods: 6,
  noiseHorizonMs: 7 * 24 * HOUR,
  noiseThreshold: 1000,
  allowList: [],
  denyList: [...COMMON_BINARIES, ...BUILTIN_ACCOUNTS],
  maxAlertsPerIncident: 150,
  maxEntitiesPerIncident: 500,
};

/** Fill missing fields with defaults and clamp nonsense (negative windows, zero caps). */
export const normalizeSettings = (s: Partial<CorrelationSettings> = {}): CorrelationSettings => {
  const d = DEFAULT_CORRELATION_SETTINGS;
  const num = (v: number | undefined, fallback: number, min: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : fallback);
  return {
    windowMs: num(s.windowMs, d.windowMs, 0),
    sequenceWindowMs: num(s.sequenceWindowMs, d.sequenceWindowMs, 0),
    repeatWindowMs: num(s.repeatWindowMs, d.repeatWindowMs, 0),
    noisePeriods: Math.floor(num(s.noisePeriods, d.noisePeriods, 1)),
    noiseHorizonMs: num(s.noiseHorizonMs, d.noiseHorizonMs, 0),
    noiseThreshold: Math.floor(num(s.noiseThreshold, d.noiseThreshold, 2)),
    allowList: [...(s.allowList ?? d.allowList)],
    denyList: [...(s.denyList ?? d.denyList)],
    maxAlertsPerIncident: Math.floor(num(s.maxAlertsPerIncident, d.maxAlertsPerIncident, 1)),
    maxEntitiesPerIncident: Math.floor(num(s.maxEntitiesPerIncident, d.maxEntitiesPerIncident, 1)),
  };
};

/** Settings that change the grouping (everything does, but this keeps the comparison explicit). */
export const sameSettings = (a: CorrelationSettings, b: CorrelationSettings): boolean =>
  a.windowMs === b.windowMs &&
  a.sequenceWindowMs === b.sequenceWindowMs &&
  a.repeatWindowMs === b.repeatWindowMs &&
  a.noiseThreshold === b.noiseThreshold &&
  a.noisePeriods === b.noisePeriods &&
  a.noiseHorizonMs === b.noiseHorizonMs &&
  a.maxAlertsPerIncident === b.maxAlertsPerIncident &&
  a.maxEntitiesPerIncident === b.maxEntitiesPerIncident &&
  a.allowList.join('\n') === b.allowList.join('\n') &&
  a.denyList.join('\n') === b.denyList.join('\n');
