import { createContext, useContext } from 'react';
import type { EngineClient } from '../engine-client/index';
import type { PlatformBridge } from '../platform/index';
import type { IncidentTab, Navigate, Route } from './route';

/** What every view needs from the shell, handed down once instead of through every component's props. */
export type Workspace = {
  engine: EngineClient;
  platform: PlatformBridge;
  /** Bumped whenever the engine says the store changed: views refetch in place. */
  version: number;
  route: Route;
  navigate: Navigate;
  openAlert: (id: string) => void;
  openEntity: (key: string) => void;
  openIncident: (id: string, tab?: IncidentTab) => void;
  /** A short message in the status line (and for screen readers). */
  notify: (text: string, kind?: 'info' | 'error') => void;
  analyst: string;
  setAnalyst: (name: string) => void;
};

export const WorkspaceContext = createContext<Workspace | null>(null);

export const useWorkspace = (): Workspace => {
  const w = useContext(WorkspaceContext);
  if (!w) throw new Error('useWorkspace outside the app');
  return w;
};

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : typeof e === 'string' ? e : 'Something went wrong');
