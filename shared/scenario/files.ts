// Files the scenario puts in evidence. System binaries have one hash everywhere (the same build on every host),
// which is what makes them useless for correlation; attacker files get fresh hashes per campaign.
import type { FileInfo } from './graph-records';
import { Rng } from './prng';

const SYSTEM32 = 'C:\\Windows\\System32';
const MS = 'Microsoft Corporation';

const fixed = new Rng(0x5eed, 0xf11e);
const sys = (fileName: string, filePath: string, size: number, publisher = MS): FileInfo => ({
  fileName,
  filePath,
  sha1: fixed.hex(40),
  sha256: fixed.hex(64),
  size,
  publisher,
});

export const BIN = {
  powershell: sys('powershell.exe', `${SYSTEM32}\\WindowsPowerShell\\v1.0`, 455680),
  cmd: sys('cmd.exe', SYSTEM32, 289792),
  svchost: sys('svchost.exe', SYSTEM32, 55320),
  rundll32: sys('rundll32.exe', SYSTEM32, 71680),
  services: sys('services.exe', SYSTEM32, 731744),
  winword: sys('WINWORD.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', 1632152),
  excel: sys('EXCEL.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', 2009992),
  wmiprvse: sys('WmiPrvSE.exe', `${SYSTEM32}\\wbem`, 496640),
  psexesvc: sys('PSEXESVC.exe', 'C:\\Windows', 188304, 'Microsoft Corporation (Sysinternals)'),
  net: sys('net.exe', SYSTEM32, 57344),
  whoami: sys('whoami.exe', SYSTEM32, 74240),
  nltest: sys('nltest.exe', SYSTEM32, 106496),
  lsass: sys('lsass.exe', SYSTEM32, 59456),
  ccmexec: sys('CcmExec.exe', 'C:\\Windows\\CCM', 322104),
  explorer: sys('explorer.exe', 'C:\\Windows', 5573920),
  msedge: sys('msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', 4020080),
  mstsc: sys('mstsc.exe', SYSTEM32, 1367552),
  rar: sys('Rar.exe', 'C:\\Program Files\\WinRAR', 720544, 'win.rar GmbH'),
} as const;

/** A fresh file with random hashes (attacker payloads, PUA installers). */
export const freshFile = (rng: Rng, fileName: string, filePath: string, size: number): FileInfo => ({
  fileName,
  filePath,
  sha1: rng.hex(40),
  sha256: rng.hex(64),
  size,
});
