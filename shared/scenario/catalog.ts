// The detections the scenario draws from, worded like the products word them. Graph titles follow Defender's
// (Defender for Endpoint / Office 365 / Identity, Entra ID Protection, Defender for Cloud Apps); Suricata
// signatures follow Emerging Threats naming.
import type { GraphDetection } from './graph-records';
import type { SuricataSignature } from './suricata-records';

const MDE = { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftDefenderForEndpoint' } as const;
const MDE_AV = { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus' } as const;
const MDO = { serviceSource: 'microsoftDefenderForOffice365', detectionSource: 'microsoftDefenderForOffice365' } as const;
const MDI = { serviceSource: 'microsoftDefenderForIdentity', detectionSource: 'microsoftDefenderForIdentity' } as const;
const AADIP = { serviceSource: 'azureAdIdentityProtection', detectionSource: 'azureAdIdentityProtection' } as const;
const MDCA = { serviceSource: 'microsoftDefenderForCloudApps', detectionSource: 'microsoftDefenderForCloudApps' } as const;

const ENDPOINT_ACTIONS =
  'Review the device timeline for suspicious activities that may have occurred before and after the time of the alert, and record additional related artifacts (files, IPs/URLs).\n' +
  'Look for the presence of relevant artifacts on other systems. Identify commonalities and differences between potentially compromised systems.\n' +
  'Consider isolating the device and collecting an investigation package.\n' +
  'If credential theft is suspected, reset all relevant users passwords.';
const AV_ACTIONS =
  'Review the detection and the file origin.\n' +
  'Run a full antivirus scan on the device and verify that the threat was removed.\n' +
  'Check whether the file is present on other devices.';
const MAIL_ACTIONS =
  'Review the message trace and the URL detonation results.\n' +
  'Check whether recipients clicked the URL and whether their devices show follow-up activity.\n' +
  'Block the sender domain and the URL if they are confirmed malicious.';
const IDENTITY_ACTIONS =
  'Review the source computer and the accounts involved.\n' +
  'Reset the passwords of the affected accounts and, for Kerberos attacks, the KRBTGT account twice.\n' +
  'Check the source computer for malicious tools and contain it if needed.';
const SIGNIN_ACTIONS =
  'Confirm with the user whether the sign-in was theirs.\n' +
  'If not, reset the password, revoke sessions and require MFA re-registration.';

export const D = {
  // Campaign: delivery and click.
  phishRemoved: {
    ...MDO, title: 'Email messages containing malicious URL removed after delivery', category: 'InitialAccess', techniques: ['T1566.002'], severity: 'medium',
    description: 'Emails with malicious URL that were delivered and later removed. Zero-hour auto purge (ZAP) moved the messages to quarantine after a URL in them was found to be malicious.',
    recommendedActions: MAIL_ACTIONS,
  },
  urlClick: {
    ...MDO, title: 'A potentially malicious URL click was detected', category: 'InitialAccess', techniques: ['T1566.002', 'T1204.001'], severity: 'high',
    description: 'We have detected that one of your users has recently clicked on a link that was found to be malicious.',
    recommendedActions: MAIL_ACTIONS,
  },
  // Execution on the first workstation.
  officeCommands: {
    ...MDE, title: 'An Office application ran suspicious commands', category: 'Execution', techniques: ['T1204.002', 'T1059.001'], severity: 'medium',
    description: 'An Office application spawned a command interpreter with unusual parameters. Malicious documents often use macros to run PowerShell that downloads and starts a second stage.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  suspiciousPowerShell: {
    ...MDE, title: 'Suspicious PowerShell command line', category: 'Execution', techniques: ['T1059.001', 'T1027'], severity: 'medium',
    description: 'A suspicious PowerShell activity was observed on the machine. This behavior may indicate that PowerShell was used during installation, exploration, or in some cases in lateral movement activities which are used by attackers to invoke modules, download external payloads, or get more information about the system.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  donoff: {
    ...MDE_AV, title: "'Donoff' malware was detected", category: 'Malware', techniques: ['T1204.002'], severity: 'medium', threatFamilyName: 'Donoff',
    description: 'Malware and unwanted software are undesirable applications that perform annoying, disruptive, or harmful actions on affected machines. TrojanDownloader:O97M/Donoff is a macro downloader found in malicious Office documents.',
    recommendedActions: AV_ACTIONS,
  },
  asepRegistry: {
    ...MDE, title: 'Anomaly detected in ASEP registry', category: 'Persistence', techniques: ['T1547.001'], severity: 'medium',
    description: 'A process registered a suspicious command or file in an ASEP registry key, where it will be run after a reboot. An attacker may place a malicious piece of software in such a location to prevent losing access if a machine is turned off.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  cobaltStrike: {
    ...MDE, title: "'CobaltStrike' malware was detected", category: 'CommandAndControl', techniques: ['T1071.001', 'T1055'], severity: 'high', threatFamilyName: 'CobaltStrike',
    description: 'Cobalt Strike beacon behaviour was detected in memory. Cobalt Strike is a commercial adversary simulation tool widely abused by attackers for command and control, lateral movement and credential theft.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  customIndicator: {
    ...MDE, title: 'Connection to a custom network indicator', category: 'CommandAndControl', techniques: ['T1071.001'], severity: 'medium',
    description: 'A connection was made to a network indicator (IP address or URL) that your organization marked for alerting.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  // Credential access.
  lsass: {
    ...MDE, title: 'Suspicious access to LSASS service', category: 'CredentialAccess', techniques: ['T1003.001'], severity: 'high',
    description: 'A process accessed the memory of the Local Security Authority Subsystem Service (LSASS). Attackers read LSASS memory to extract credentials of users who signed in to the device.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  credTool: {
    ...MDE, title: 'Malicious credential theft tool execution detected', category: 'CredentialAccess', techniques: ['T1003.001', 'T1558.003'], severity: 'high',
    description: 'A known credential theft tool execution command line was detected. Either the process itself or its command line indicated an intent to dump users credentials, keys, plain-text passwords and more.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  // Discovery.
  accountRecon: {
    ...MDI, title: 'Account enumeration reconnaissance (LDAP)', category: 'Discovery', techniques: ['T1087.002'], severity: 'medium',
    description: 'An actor on the source computer sent suspicious LDAP queries to the domain controller, searching for privileged groups and accounts in the domain.',
    recommendedActions: IDENTITY_ACTIONS,
  },
  explorationSequence: {
    ...MDE, title: 'Suspicious sequence of exploration activities', category: 'Discovery', techniques: ['T1087', 'T1016', 'T1069.002'], severity: 'low',
    description: 'A process called a set of windows commands (net.exe, whoami.exe, nltest.exe) often used by attackers to learn about the domain, its users and its trusts.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  // Lateral movement.
  passTheHash: {
    ...MDI, title: 'Suspected identity theft (pass-the-hash)', category: 'LateralMovement', techniques: ['T1550.002'], severity: 'high',
    description: 'An account NTLM hash that was stolen from one computer was used to access resources from another computer.',
    recommendedActions: IDENTITY_ACTIONS,
  },
  remoteExec: {
    ...MDI, title: 'Remote code execution attempt', category: 'LateralMovement', techniques: ['T1021.002', 'T1569.002'], severity: 'medium',
    description: 'An account on the source computer attempted to run code remotely on another computer by creating a service (PsExec style) or through WMI.',
    recommendedActions: IDENTITY_ACTIONS,
  },
  wmiRemote: {
    ...MDE, title: 'Suspicious WMI process creation', category: 'LateralMovement', techniques: ['T1047'], severity: 'medium',
    description: 'A process was created through Windows Management Instrumentation by a remote caller. Attackers use WMI to run commands on other devices with stolen credentials.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  psexecService: {
    ...MDE, title: 'Suspicious service registration', category: 'LateralMovement', techniques: ['T1569.002', 'T1021.002'], severity: 'medium',
    description: 'A service was registered on the device by a remote session (PSEXESVC). This is typical of PsExec-style lateral movement with a stolen administrator account.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  rdpHop: {
    ...MDE, title: 'Suspicious RDP session', category: 'LateralMovement', techniques: ['T1021.001'], severity: 'low',
    description: 'A remote desktop session was opened to this device from a device that recently showed suspicious activity, using an account that does not usually sign in here.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  // Collection / exfiltration on the endpoint side.
  archiveStaging: {
    ...MDE, title: 'Suspicious archive creation', category: 'Collection', techniques: ['T1560.001'], severity: 'medium',
    description: 'A compression utility created a password-protected archive of many documents in a temporary folder, which may indicate that data is being staged for exfiltration.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  exfilArchive: {
    ...MDE, title: 'Possible exfiltration of archived data', category: 'Exfiltration', techniques: ['T1560.001', 'T1567'], severity: 'high',
    description: 'A process uploaded an archive it had just created to an external destination that the organization has rarely or never connected to.',
    recommendedActions: ENDPOINT_ACTIONS,
  },
  // Noise.
  pua: {
    ...MDE_AV, title: "'Presenoker' unwanted software was detected", category: 'UnwantedSoftware', techniques: [], severity: 'low', threatFamilyName: 'Presenoker',
    description: 'Potentially unwanted applications (PUA) are a category of software that can cause your machine to run slowly, display unexpected ads, or at worst, install other software which may be unexpected or unwanted.',
    recommendedActions: AV_ACTIONS,
  },
  puaInstallCore: {
    ...MDE_AV, title: "'InstallCore' unwanted software was detected", category: 'UnwantedSoftware', techniques: [], severity: 'low', threatFamilyName: 'InstallCore',
    description: 'Potentially unwanted applications (PUA) are a category of software that can cause your machine to run slowly, display unexpected ads, or at worst, install other software which may be unexpected or unwanted.',
    recommendedActions: AV_ACTIONS,
  },
  autoKms: {
    ...MDE_AV, title: "'AutoKMS' hacktool was detected", category: 'UnwantedSoftware', techniques: [], severity: 'low', threatFamilyName: 'AutoKMS',
    description: 'A hacktool that activates unlicensed copies of Windows and Office was found. Such tools are often bundled with other unwanted software.',
    recommendedActions: AV_ACTIONS,
  },
  wacatacPrevented: {
    ...MDE_AV, title: "'Wacatac' malware was prevented", category: 'Malware', techniques: [], severity: 'informational', threatFamilyName: 'Wacatac',
    description: 'Malware and unwanted software are undesirable applications that perform annoying, disruptive, or harmful actions on affected machines. This detection was prevented and the file was quarantined.',
    recommendedActions: AV_ACTIONS,
  },
  eicar: {
    ...MDE_AV, title: "'EICAR_Test_File' malware was detected", category: 'Malware', techniques: [], severity: 'informational', threatFamilyName: 'EICAR_Test_File',
    description: 'The EICAR anti-malware test file was detected. It is harmless and is used to check that antivirus software works.',
    recommendedActions: AV_ACTIONS,
  },
  bruteForce: {
    ...MDI, title: 'Suspected brute-force attack (Kerberos, NTLM)', category: 'CredentialAccess', techniques: ['T1110'], severity: 'medium',
    description: 'A source computer made many failed authentication attempts against the domain controller for one or more accounts. This is often a service with an expired password, sometimes password guessing.',
    recommendedActions: IDENTITY_ACTIONS,
  },
  unfamiliarSignin: {
    ...AADIP, title: 'Unfamiliar sign-in properties', category: 'InitialAccess', techniques: ['T1078'], severity: 'medium',
    description: 'The sign-in had properties (IP address, location, device, browser) that were not seen recently for this user.',
    recommendedActions: SIGNIN_ACTIONS,
  },
  atypicalTravel: {
    ...AADIP, title: 'Atypical travel', category: 'InitialAccess', techniques: ['T1078'], severity: 'medium',
    description: 'Two sign-ins of the user came from distant locations in less time than it takes to travel between them.',
    recommendedActions: SIGNIN_ACTIONS,
  },
  anonymousIp: {
    ...AADIP, title: 'Anonymous IP address', category: 'InitialAccess', techniques: ['T1078', 'T1090.003'], severity: 'low',
    description: 'The sign-in came from an anonymous IP address such as a Tor exit node or an anonymizing VPN.',
    recommendedActions: SIGNIN_ACTIONS,
  },
  infrequentCountry: {
    ...MDCA, title: 'Activity from infrequent country', category: 'InitialAccess', techniques: ['T1078'], severity: 'low',
    description: 'Activity from a location that was not recently or never visited by the user or by any user in the organization.',
    recommendedActions: SIGNIN_ACTIONS,
  },
  userReported: {
    ...MDO, title: 'Email reported by user as malware or phish', category: 'InitialAccess', techniques: ['T1566'], severity: 'informational',
    description: 'A user reported a message as malware or phish. Review the message and the verdict of the automated investigation.',
    recommendedActions: MAIL_ACTIONS,
  },
  malFileRemoved: {
    ...MDO, title: 'Email messages containing malicious file removed after delivery', category: 'InitialAccess', techniques: ['T1566.001'], severity: 'medium',
    description: 'Emails with a malicious attachment that were delivered and later removed by zero-hour auto purge.',
    recommendedActions: MAIL_ACTIONS,
  },
} satisfies Record<string, GraphDetection>;

export const S = {
  // Campaign.
  beaconGet: { sid: 2032746, rev: 3, signature: 'ET MALWARE Cobalt Strike Beacon Observed', category: 'A Network Trojan was detected', severity: 1, destPort: 80, appProto: 'http', mitre: { tacticId: 'TA0011', tacticName: 'Command_And_Control', techniqueId: 'T1071', techniqueName: 'Application_Layer_Protocol' } },
  httpsPost: { sid: 2013926, rev: 9, signature: 'ET POLICY HTTP traffic on port 443 (POST)', category: 'Potentially Bad Traffic', severity: 2, destPort: 443, appProto: 'http', mitre: { tacticId: 'TA0011', tacticName: 'Command_And_Control', techniqueId: 'T1071', techniqueName: 'Application_Layer_Protocol' } },
  topDns: { sid: 2023883, rev: 4, signature: 'ET DNS Query to a *.top domain - Likely Hostile', category: 'Potentially Bad Traffic', severity: 2, proto: 'UDP', destPort: 53, appProto: 'dns', mitre: { tacticId: 'TA0011', tacticName: 'Command_And_Control', techniqueId: 'T1071', techniqueName: 'Application_Layer_Protocol' } },
  svcctl: { sid: 2034090, rev: 2, signature: 'ET RPC DCERPC SVCCTL - Remote Service Control Manager Access', category: 'Misc activity', severity: 3, destPort: 445, appProto: 'dcerpc', mitre: { tacticId: 'TA0008', tacticName: 'Lateral_Movement', techniqueId: 'T1021', techniqueName: 'Remote_Services' } },
  smbExe: { sid: 2025703, rev: 5, signature: 'ET POLICY SMB2 NT Create AndX Request For an Executable File', category: 'Potentially Bad Traffic', severity: 2, destPort: 445, appProto: 'smb', mitre: { tacticId: 'TA0008', tacticName: 'Lateral_Movement', techniqueId: 'T1021', techniqueName: 'Remote_Services' } },
  exfilPost: { sid: 2038120, rev: 1, signature: 'ET POLICY Large HTTP POST to External Host - Possible Exfiltration', category: 'Potential Corporate Privacy Violation', severity: 1, destPort: 80, appProto: 'http', mitre: { tacticId: 'TA0010', tacticName: 'Exfiltration', techniqueId: 'T1041', techniqueName: 'Exfiltration_Over_C2_Channel' } },
  rarPost: { sid: 2017252, rev: 4, signature: 'ET INFO RAR Archive in HTTP POST to External Host', category: 'Potential Corporate Privacy Violation', severity: 2, destPort: 80, appProto: 'http', mitre: { tacticId: 'TA0010', tacticName: 'Exfiltration', techniqueId: 'T1041', techniqueName: 'Exfiltration_Over_C2_Channel' } },
  // Noise: internet scanners against the DMZ.
  sshScan: { sid: 2001219, rev: 20, signature: 'ET SCAN Potential SSH Scan', category: 'Attempted Information Leak', severity: 2, destPort: 22, appProto: 'ssh', mitre: { tacticId: 'TA0043', tacticName: 'Reconnaissance', techniqueId: 'T1595', techniqueName: 'Active_Scanning' } },
  mssqlScan: { sid: 2010935, rev: 3, signature: 'ET SCAN Suspicious inbound to MSSQL port 1433', category: 'Potentially Bad Traffic', severity: 2, destPort: 1433, mitre: { tacticId: 'TA0043', tacticName: 'Reconnaissance', techniqueId: 'T1595', techniqueName: 'Active_Scanning' } },
  mysqlScan: { sid: 2010937, rev: 3, signature: 'ET SCAN Suspicious inbound to mySQL port 3306', category: 'Potentially Bad Traffic', severity: 2, destPort: 3306, mitre: { tacticId: 'TA0043', tacticName: 'Reconnaissance', techniqueId: 'T1595', techniqueName: 'Active_Scanning' } },
  nmapSyn: { sid: 2009582, rev: 3, signature: 'ET SCAN NMAP -sS window 1024', category: 'Attempted Information Leak', severity: 2, destPort: 443, mitre: { tacticId: 'TA0043', tacticName: 'Reconnaissance', techniqueId: 'T1595', techniqueName: 'Active_Scanning' } },
  dshield: { sid: 2402000, rev: 6714, signature: 'ET DROP Dshield Block Listed Source group 1', category: 'Misc Attack', severity: 2, destPort: 443 },
  cins: { sid: 2403341, rev: 91342, signature: 'ET CINS Active Threat Intelligence Poor Reputation IP group 42', category: 'Misc Attack', severity: 2, destPort: 80 },
  // Noise: policy hits from inside.
  dropbox: { sid: 2012647, rev: 4, signature: 'ET POLICY Dropbox.com Offsite File Backup in Use', category: 'Potential Corporate Privacy Violation', severity: 1, destPort: 443, appProto: 'tls' },
  teamviewer: { sid: 2009475, rev: 7, signature: 'ET POLICY TeamViewer Dyngate User-Agent', category: 'Potential Corporate Privacy Violation', severity: 1, destPort: 80, appProto: 'http' },
  curl: { sid: 2013028, rev: 7, signature: 'ET POLICY curl User-Agent Outbound', category: 'Attempted Information Leak', severity: 2, destPort: 80, appProto: 'http' },
  discordDns: { sid: 2035463, rev: 3, signature: 'ET INFO Observed Discord Domain in DNS Lookup (discord .com)', category: 'Misc activity', severity: 3, proto: 'UDP', destPort: 53, appProto: 'dns' },
  pythonUa: { sid: 2017515, rev: 6, signature: 'ET USER_AGENTS Python-urllib/ Suspicious User Agent', category: 'Attempted Information Leak', severity: 2, destPort: 80, appProto: 'http' },
} satisfies Record<string, SuricataSignature>;

/** Phishing themes: sender display domain, subject, document name. */
export const LURES = [
  { subject: 'Action required: review your Q{q} payroll adjustment', doc: 'Payroll_Adjustment_Q{q}.docm', path: 'payroll/review' },
  { subject: 'Invoice #{n} overdue - please confirm payment', doc: 'Invoice_{n}.xlsm', path: 'billing/invoice' },
  { subject: 'Shared document: Project {word} budget', doc: '{word}_Budget_2025.docm', path: 'share/document' },
  { subject: 'Your DocuSign envelope is ready: Contract {n}', doc: 'Contract_{n}.docm', path: 'sign/envelope' },
  { subject: 'Voicemail from +1 (415) 555-0{n3}', doc: 'Voicemail_{n}.docm', path: 'voice/message' },
  { subject: 'HR: updated remote work policy - acknowledgement needed', doc: 'Remote_Work_Policy.docm', path: 'hr/policy' },
] as const;

export const WORDS = [
  'atlas', 'harbor', 'quartz', 'falcon', 'meridian', 'cobalt', 'summit', 'orchid', 'granite', 'lumen', 'vertex',
  'nimbus', 'sierra', 'beacon', 'cascade', 'delta', 'ember', 'fjord', 'helix', 'juniper', 'kestrel', 'lotus',
] as const;
export const TLDS = ['com', 'net', 'top', 'xyz', 'online', 'site', 'info', 'cloud'] as const;
export const LOOKALIKE = ['secure-mail', 'docs-share', 'payroll-portal', 'office-verify', 'account-review', 'sharepoint-files', 'hr-notice', 'invoice-center'] as const;
