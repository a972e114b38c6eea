// Built-in playbooks. Ids are stable (stored in automation rules and case files); names are what the UI shows.
import type { Playbook } from './types';

export const BUILT_IN_PLAYBOOKS: readonly Playbook[] = [
  {
    id: 'pb-contain-account',
    name: 'Contain compromised account',
    description: 'Take the incident, mark it a compromised account, and prepare commands to disable the accounts and block the addresses they were used from.',
    builtIn: true,
    steps: [
      { kind: 'assign' },
      { kind: 'setStatus', status: 'inProgress' },
      { kind: 'setClassification', classification: 'truePositive', determination: 'compromisedAccount' },
      { kind: 'addTags', tags: ['compromised-account'] },
      { kind: 'containmentCommands', targets: ['account', 'ip'], variants: ['powershell', 'shell'] },
      {
        kind: 'addTasks',
        titles: [
          'Confirm with the user that the sign-ins were not theirs',
          'Disable the account and revoke its sessions and tokens',
          'Reset the password and re-register MFA',
          'Review mailbox rules, OAuth grants and group changes made by the account',
          'Look for the same sign-in source on other accounts',
        ],
      },
    ],
  },
  {
    id: 'pb-isolate-host',
    name: 'Isolate infected host',
    description: 'Take the incident, mark it malware, and prepare commands to isolate the hosts and find and block the files and addresses involved.',
    builtIn: true,
    steps: [
      { kind: 'assign' },
      { kind: 'setStatus', status: 'inProgress' },
      { kind: 'setClassification', classification: 'truePositive', determination: 'malware' },
      { kind: 'addTags', tags: ['malware', 'host-isolation'] },
      { kind: 'containmentCommands', targets: ['device', 'file', 'ip', 'domain'], variants: ['powershell', 'shell'] },
      { kind: 'exportIocs' },
      {
        kind: 'addTasks',
        titles: [
          'Isolate the host from the network (keep power on for memory capture)',
          'Collect a triage package and memory image',
          'Find the same files and hashes on other hosts',
          'Reimage or clean the host, then release it from isolation',
        ],
      },
    ],
  },
  {
    id: 'pb-phishing',
    name: 'Phishing response',
    description: 'Mark the incident phishing, export the indicators, and prepare commands to sinkhole the domains and URLs in the messages.',
    builtIn: true,
    steps: [
      { kind: 'assign' },
      { kind: 'setStatus', status: 'inProgress' },
      { kind: 'setClassification', classification: 'truePositive', determination: 'phishing' },
      { kind: 'addTags', tags: ['phishing'] },
      { kind: 'containmentCommands', targets: ['domain', 'url', 'ip'], variants: ['powershell', 'shell'] },
      { kind: 'exportIocs' },
      {
        kind: 'addTasks',
        titles: [
          'Find and purge every copy of the message from mailboxes',
          'Block the sender and the URLs at the mail gateway and proxy',
          'Identify recipients who clicked or replied and check their accounts',
          'Report the phishing site to the hosting provider',
        ],
      },
    ],
  },
  {
    id: 'pb-close-false-positive',
    name: 'Close as false positive',
    description: 'Resolve the incident as a false positive (not malicious) and add a task to tune the detection.',
    builtIn: true,
    steps: [
      { kind: 'assign' },
      { kind: 'setClassification', classification: 'falsePositive', determination: 'notMalicious' },
      { kind: 'setStatus', status: 'resolved' },
      { kind: 'addTags', tags: ['false-positive'] },
      { kind: 'addTasks', titles: ['Tune or suppress the detection that raised these alerts'] },
    ],
  },
];

export const findPlaybook = (playbooks: readonly Playbook[], id: string): Playbook | undefined =>
  playbooks.find((p) => p.id === id) ?? BUILT_IN_PLAYBOOKS.find((p) => p.id === id);
