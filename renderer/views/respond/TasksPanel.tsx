import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { Task, TaskStatus } from '#shared/respond/types';
import { TASK_STATUSES } from '#shared/respond/types';
import { displayText } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { TASK_STATUS_LABEL, sortTasks, taskCounts } from './respond-model';
import './respond.css';

const TaskRow = ({ task, onSave }: { task: Task; onSave: (t: Task) => void }): ReactNode => {
  const [owner, setOwner] = useState(task.owner);
  useEffect(() => setOwner(task.owner), [task.owner]);
  const saveOwner = (): void => {
    if (owner.trim() !== task.owner) onSave({ ...task, owner: owner.trim() });
  };
  return (
    <li className={`task task-${task.status}`} data-testid="task" data-task-id={task.id}>
      <input
        type="checkbox"
        checked={task.status === 'done'}
        aria-label={`Done: ${displayText(task.title, 120)}`}
        onChange={(e) => onSave({ ...task, status: e.target.checked ? 'done' : 'open' })}
        data-testid="task-done"
      />
      <div className="task-main">
        <span className="task-title">{displayText(task.title, 500)}</span>
        <span className="muted small">{task.source === 'manual' ? 'Added by hand' : `From playbook “${displayText(task.source, 80)}”`}</span>
      </div>
      <input
        className="task-owner"
        value={owner}
        placeholder="Owner"
        aria-label={`Owner of ${displayText(task.title, 120)}`}
        maxLength={200}
        onChange={(e) => setOwner(e.target.value)}
        onBlur={saveOwner}
        onKeyDown={(e) => e.key === 'Enter' && saveOwner()}
      />
      <select value={task.status} aria-label={`Status of ${displayText(task.title, 120)}`} onChange={(e) => onSave({ ...task, status: e.target.value as TaskStatus })} data-testid="task-status">
        {TASK_STATUSES.map((s) => (
          <option key={s} value={s}>
            {TASK_STATUS_LABEL[s]}
          </option>
        ))}
      </select>
    </li>
  );
};

/** The incident's task checklist: from playbooks or added by hand, each with an owner and a status. */
export const TasksPanel = ({ incidentId }: { incidentId: string }): ReactNode => {
  const { engine, version, analyst, notify } = useWorkspace();
  const [tasks, setTasks] = useState<Task[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const reload = useCallback(() => {
    void engine.call('tasks/list', { incidentId }).then(
      (t) => (setTasks(t), setError(undefined)),
      (e: unknown) => setError(errorText(e)),
    );
  }, [engine, incidentId]);
  useEffect(reload, [reload, version]);

  const save = (t: Omit<Task, 'id' | 'createdAt' | 'source'> & { id?: string }): Promise<void> => {
    // Show the change at once (a ticked box stays ticked); the reload after saving confirms it.
    if (t.id) setTasks((list) => list?.map((x) => (x.id === t.id ? { ...x, owner: t.owner, status: t.status, title: t.title } : x)));
    return engine.call('tasks/save', { task: { ...(t.id ? { id: t.id } : {}), incidentId, title: t.title, owner: t.owner, status: t.status } }).then(
      () => reload(),
      (e: unknown) => (notify(errorText(e), 'error'), reload()),
    );
  };
  const add = (): void => {
    const t = title.trim();
    if (!t) return;
    void save({ incidentId, title: t, owner: owner.trim() || analyst, status: 'open' }).then(() => {
      setTitle('');
      setOwner('');
    });
  };
  const counts = tasks ? taskCounts(tasks) : undefined;
  return (
    <div className="tasks" data-testid="tasks-panel">
      {counts && tasks && tasks.length > 0 && (
        <p className="muted small" data-testid="task-counts">
          {counts.open} open · {counts.done} done · {counts.skipped} skipped
        </p>
      )}
      {error && <p className="error-text" role="alert">{error}</p>}
      {tasks === undefined && !error && <p className="muted">Loading tasks…</p>}
      {tasks?.length === 0 && <p className="muted" data-testid="tasks-empty">No tasks yet. Run a playbook that adds tasks, or add one below.</p>}
      {tasks && tasks.length > 0 && (
        <ul className="plain task-list">
          {sortTasks(tasks).map((t) => (
            <TaskRow key={t.id} task={t} onSave={(next) => void save(next)} />
          ))}
        </ul>
      )}
      <form
        className="task-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input value={title} placeholder="New task" aria-label="New task" maxLength={500} onChange={(e) => setTitle(e.target.value)} data-testid="task-new-title" />
        <input className="task-owner" value={owner} placeholder="Owner (you)" title={analyst ? `Empty: ${analyst}` : undefined} aria-label="Owner of the new task" maxLength={200} onChange={(e) => setOwner(e.target.value)} />
        <button type="submit" disabled={!title.trim()} data-testid="task-add">
          Add task
        </button>
      </form>
    </div>
  );
};
