import { useCallback, useEffect, useState } from 'react';
import type { ImportProgress, ImportSource, ImportSummary } from '#shared/engine/api';
import type { EngineClient } from '../engine-client/index';
import type { PlatformBridge } from '../platform/index';
import { errorText } from './workspace';

/** Import runs (files, drag and drop, the demo case): progress, summary, errors. */
export const useImport = (engine: EngineClient, platform: PlatformBridge, onDone: (s: ImportSummary) => void) => {
  const [importing, setImporting] = useState<{ id?: string; progress?: ImportProgress } | undefined>(undefined);
  const [summary, setSummary] = useState<ImportSummary | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => engine.on('import/progress', (p) => setImporting({ id: p.importId, progress: p })), [engine]);

  const run = useCallback(
    async (go: () => Promise<ImportSummary>) => {
      setImporting({});
      setError(undefined);
      try {
        const s = await go();
        setSummary(s);
        onDone(s);
      } catch (e) {
        setError(errorText(e));
      } finally {
        setImporting(undefined);
      }
    },
    [onDone],
  );
  const importSources = useCallback(
    (sources: ImportSource[]) => {
      if (sources.length === 0) return;
      const transfer = sources.map((s) => s.stream).filter((s): s is ReadableStream<Uint8Array> => !!s);
      void run(() => engine.call('import/run', { sources }, transfer));
    },
    [engine, run],
  );
  const importFiles = useCallback(() => void platform.pickImportFiles().then(importSources), [platform, importSources]);
  const loadDemo = useCallback(() => void run(() => engine.call('demo/load', undefined)), [engine, run]);
  const cancel = useCallback(() => {
    if (importing?.id) void engine.call('import/cancel', { importId: importing.id });
  }, [engine, importing]);
  const downloadSummary = useCallback(() => {
    if (summary) void platform.saveFile(`caseline-import-${summary.importId}.json`, new Blob([JSON.stringify(summary, null, 2)], { type: 'application/json' }));
  }, [platform, summary]);

  return { importing, summary, closeSummary: () => setSummary(undefined), error, clearError: () => setError(undefined), importSources, importFiles, loadDemo, cancel, downloadSummary };
};
