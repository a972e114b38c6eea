import { useCallback, useEffect, useState } from 'react';
import type { FileDetection, ImportProgress, ImportSource, ImportSummary } from '#shared/engine/api';
import type { ImportChoice } from '../views/import/index';
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
  const [review, setReview] = useState<{ sources: ImportSource[]; detections: FileDetection[] } | undefined>(undefined);
  /** Chosen files are detected first and shown in the import dialog, where the analyst can override formats. */
  const importSources = useCallback(
    (sources: ImportSource[]) => {
      if (sources.length === 0) return;
      // A byte stream can be read once: detection reads one branch of a tee, the import the other.
      const forDetect: ImportSource[] = [];
      const forImport: ImportSource[] = [];
      for (const s of sources) {
        if (s.stream) {
          const [a, b] = s.stream.tee();
          forDetect.push({ ...s, stream: a });
          forImport.push({ ...s, stream: b });
        } else {
          forDetect.push(s);
          forImport.push(s);
        }
      }
      const transfer = forDetect.map((s) => s.stream).filter((s): s is ReadableStream<Uint8Array> => !!s);
      engine.call('import/detect', { sources: forDetect }, transfer).then(
        (detections) => setReview({ sources: forImport, detections }),
        (e: unknown) => setError(errorText(e)),
      );
    },
    [engine],
  );
  const confirmImport = useCallback(
    (choices: ImportChoice[], zone: string) => {
      if (!review) return;
      const sources = review.sources.map((s) => ({ ...s, options: choices.find((c) => c.file === s.name)?.options ?? {} }));
      setReview(undefined);
      const transfer = sources.map((s) => s.stream).filter((s): s is ReadableStream<Uint8Array> => !!s);
      void run(() => engine.call('import/run', { sources, options: { zone } }, transfer));
    },
    [engine, run, review],
  );
  const importFiles = useCallback(() => void platform.pickImportFiles().then(importSources), [platform, importSources]);
  const loadDemo = useCallback(() => void run(() => engine.call('demo/load', undefined)), [engine, run]);
  const cancel = useCallback(() => {
    if (importing?.id) void engine.call('import/cancel', { importId: importing.id });
  }, [engine, importing]);
  const downloadSummary = useCallback(() => {
    if (summary) void platform.saveFile(`caseline-import-${summary.importId}.json`, new Blob([JSON.stringify(summary, null, 2)], { type: 'application/json' }));
  }, [platform, summary]);

  return { review, confirmImport, cancelReview: () => setReview(undefined), importing, summary, closeSummary: () => setSummary(undefined), error, clearError: () => setError(undefined), importSources, importFiles, loadDemo, cancel, downloadSummary };
};
