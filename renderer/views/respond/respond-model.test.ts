import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChecklistItem, TakeAction } from '#shared/engine/api';
import type { Task } from '#shared/respond/types';
import { mitigationGuidance } from '#shared/respond/guidance';
import type { Alert } from '#shared/model/index';
import { isRemediation, mitigationGroups, outputFile, progress, safeFilePart, sortTasks, splitMitigationText, suppressionCandidates, taskCounts, visibleScript, withTicks } from './respond-model';
import { displayText } from '../../app/format';

const item = (id: string, techniqueId?: string, done = false): ChecklistItem => ({ id, text: `text ${id}`, done, comment: '', ...(techniqueId ? { techniqueId, mitigationId: 'M1' } : {}) });

describe('take action model', () => {
  it('groups mitigations by technique in the engine order, leaving remediation out', () => {
    const action: TakeAction = {
      remediation: ['Reset the password'],
      techniques: [
        { id: 'T1110', name: 'Brute Force', tactics: ['TA0006'] },
        { id: 'T1059', name: 'Command and Scripting Interpreter', tactics: ['TA0002'] },
        { id: 'T9999', name: 'T9999', tactics: [] },
      ],
      checklist: [item('rem-1'), item('mit-a', 'T1059', true), item('mit-b', 'T1110'), item('mit-c', 'T1059'), item('mit-z', 'T0000')],
    };
    const groups = mitigationGroups(action);
    expect(groups.map((g) => [g.techniqueId, g.items.map((i) => i.id), g.done])).toEqual([
      ['T1110', ['mit-b'], 0],
      ['T1059', ['mit-a', 'mit-c'], 1],
      ['T0000', ['mit-z'], 0],
    ]);
    expect(action.checklist.filter(isRemediation).map((i) => i.id)).toEqual(['rem-1']);
    expect(progress(action.checklist)).toEqual({ done: 1, total: 5 });
  });

  it('splits the engine mitigation text into the mitigation and how it helps', () => {
    const alert = { id: 'a', source: 'x', product: 'X', remediation: [], techniques: ['T1110.001'] } as unknown as Alert;
    const g = mitigationGuidance([alert]);
    const first = g.checklist.find((i) => i.techniqueId);
    expect(first).toBeDefined();
    const s = splitMitigationText(first?.text ?? '');
    expect(s.head).toMatch(/^[A-Z].+ \(M\d{4}\)$/);
    expect(s.how.length).toBeGreaterThan(10);
    expect(splitMitigationText('No separator here')).toEqual({ head: 'No separator here', how: '' });
  });

  it('carries ticks and comments by id only', () => {
    const fresh = [item('a'), item('b')];
    const out = withTicks(fresh, [{ ...item('b'), done: true, comment: 'did it' }, { ...item('gone'), done: true }]);
    expect(out.map((i) => [i.id, i.done, i.comment])).toEqual([
      ['a', false, ''],
      ['b', true, 'did it'],
    ]);
  });

  it('names output files from safe characters only, by output kind', () => {
    const ps = outputFile({ kind: 'commands', title: 'Containment commands (PowerShell)', text: '' }, 'in-1', 'Isolate infected host');
    expect(ps).toMatchObject({ name: 'in-1-Isolate-infected-host-containment.ps1' });
    expect(outputFile({ kind: 'commands', title: 'Containment commands (POSIX shell)', text: '' }, 'in-1', 'p').name).toBe('in-1-p-containment.sh');
    expect(outputFile({ kind: 'iocs', title: 'Indicators (3)', text: '' }, 'in-1', 'p').name).toBe('in-1-p-iocs.csv');
    expect(outputFile({ kind: 'note', title: 'n', text: '' }, 'in-1', 'p').name).toBe('in-1-p-note.txt');
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const name = outputFile({ kind: 'note', title: '', text: '' }, a, b).name;
        expect(name).toMatch(/^[A-Za-z0-9_-]+(-[A-Za-z0-9_-]+)*\.txt$/);
        expect(name).not.toContain('..');
        expect(name.length).toBeLessThan(100);
      }),
    );
    expect(safeFilePart('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFilePart('...')).toBe('caseline');
  });

  it('lists open tasks first, oldest first, and counts by status', () => {
    const t = (id: string, status: Task['status'], createdAt: number): Task => ({ id, incidentId: 'in-1', title: id, owner: '', status, createdAt, source: 'manual' });
    const tasks = [t('d', 'done', 1), t('o2', 'open', 5), t('s', 'skipped', 0), t('o1', 'open', 2)];
    expect(sortTasks(tasks).map((x) => x.id)).toEqual(['o1', 'o2', 's', 'd']);
    expect(taskCounts(tasks)).toEqual({ open: 2, done: 1, skipped: 1 });
  });

  it('offers one suppression candidate per source and title, most frequent first', () => {
    const alerts = [
      { id: 'a1', title: 'Scan', source: 'suricata' },
      { id: 'a2', title: 'Login', source: 'graph' },
      { id: 'a3', title: 'Scan', source: 'suricata' },
      { id: 'a4', title: 'Scan', source: 'zeek' },
    ];
    expect(suppressionCandidates(alerts)).toEqual([
      { alertId: 'a1', title: 'Scan', source: 'suricata', count: 2 },
      { alertId: 'a2', title: 'Login', source: 'graph', count: 1 },
      { alertId: 'a4', title: 'Scan', source: 'zeek', count: 1 },
    ]);
  });

  it('shows every invisible or direction-changing character of a script, and only those', () => {
    expect(visibleScript('Remove-Item invoice\u202Efdp.exe\n\tok')).toEqual({ text: 'Remove-Item invoice\\u{202e}fdp.exe\n\tok', changed: true });
    expect(visibleScript('plain\r\nline')).toEqual({ text: 'plain\r\nline', changed: false });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const v = visibleScript(s);
        // Same rule as the app's display formatter (which also cuts long text).
        expect(v.text).toBe(displayText(s, 1_000_000));
        // eslint-disable-next-line no-control-regex
        expect(v.text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
        expect(v.changed).toBe(v.text !== s);
      }),
    );
  });
});
