import type { ReactNode } from 'react';
import { useCallback, useRef, useState } from 'react';
import { useDismiss } from '../../components/use-dismiss';
import type { EntityType } from '#shared/model/index';
import { ENTITY_TYPES, ENTITY_TYPE_LABELS } from '#shared/model/index';
import { primaryKey } from '#shared/engine/entities';
import { displayText } from '../../app/format';

type Props = { entityKey: string | undefined; onChange: (key: string | undefined) => void };

/** Filter by one entity: the analyst types a host, user, IP, hash...; the canonical key the engine indexes is derived here. */
export const EntityFilter = ({ entityKey, onChange }: Props): ReactNode => {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, open, useCallback(() => setOpen(false), []));
  const [type, setType] = useState<EntityType>('device');
  const [value, setValue] = useState('');
  const props = (t: EntityType, v: string) => (t === 'file' && /^[0-9a-f]{32,64}$/i.test(v) ? { [v.length === 64 ? 'sha256' : v.length === 40 ? 'sha1' : 'md5']: v } : {});
  return (
    <div className="ms" ref={root}>
      <button type="button" className={`ms-button${entityKey ? ' on' : ''}`} aria-expanded={open} onClick={() => setOpen(!open)} data-testid="filter-entity-button">
        Entity{entityKey ? `: ${displayText(entityKey, 30)}` : ''} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <form
          className="ms-panel time-panel"
          onSubmit={(e) => {
            e.preventDefault();
            const v = value.trim();
            if (!v) return;
            onChange(primaryKey({ type, value: v, roles: [], props: props(type, v) }).key);
            setOpen(false);
          }}
        >
          <label>
            Type
            <select value={type} onChange={(e) => setType(e.target.value as EntityType)} data-testid="filter-entity-type">
              {ENTITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {ENTITY_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Value <input value={value} onChange={(e) => setValue(e.target.value)} placeholder="Host name, user, address, hash…" data-testid="filter-entity-value" />
          </label>
          <div className="row-gap">
            <button type="submit" className="primary">Apply</button>
            {entityKey && <button type="button" onClick={() => (onChange(undefined), setOpen(false))}>Any entity</button>}
          </div>
        </form>
      )}
    </div>
  );
};
