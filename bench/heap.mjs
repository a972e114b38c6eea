// `--heap` diagnostics for bench/run.mjs: the JS heaps of the page's workers (the engine, and the reader it
// starts), through the DevTools protocol. Workers are reached by auto-attaching (nested workers through their
// parent's session). For each worker: peak heap in use and allocated while the import runs, and, when it ends, the
// live heap after a full GC and a sampling heap profile of what the import allocated and still holds, summed by
// allocating function (where the memory that stays comes from).

/** Attach to every worker under `page` (DevTools sessions nested as the workers are). */
export const attachWorkers = async (context, page, processType = (pid) => String(pid), { heapSampling = true, cpuProfile = false } = {}) => {
  const cdp = await context.newCDPSession(page);
  let nextId = 1;
  const pending = new Map();
  const workers = new Map(); // key: session path joined; value: { path, title }
  const wrap = (path, method, params) => {
    const id = nextId++;
    let msg = { id, method, params };
    for (let i = path.length - 1; i >= 1; i--) msg = { id: nextId++, method: 'Target.sendMessageToTarget', params: { sessionId: path[i], message: JSON.stringify(msg) } };
    return { id, outer: msg };
  };
  const send = async (path, method, params = {}) => {
    const { id, outer } = wrap(path, method, params);
    // A worker that ends never answers: give up after two minutes (a heap snapshot of a large heap takes long).
    const done = new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      setTimeout(() => pending.delete(id) && reject(new Error(`${method}: no answer (the worker ended?)`)), 120_000).unref();
    });
    if (path.length === 0) return cdp.send(method, params);
    await cdp.send('Target.sendMessageToTarget', { sessionId: path[0], message: JSON.stringify(outer) });
    return done;
  };
  const onMessage = (path, text) => {
    const msg = JSON.parse(text);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    } else if (msg.method === 'Target.attachedToTarget') attached([...path, msg.params.sessionId], msg.params.targetInfo);
    else if (msg.method === 'Target.detachedFromTarget') detached([...path, msg.params.sessionId]);
    else if (msg.method === 'Target.receivedMessageFromTarget') onMessage([...path, msg.params.sessionId], msg.params.message);
    else if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') snapshotChunks.push(msg.params.chunk);
  };
  const attached = (path, info) => {
    if (info.type !== 'worker') return;
    const title = info.title || info.url;
    // Reader workers (one per part of a split file) are reader, reader-2...
    const readers = [...workers.values()].filter((w) => /reader/.test(w.title)).length;
    workers.set(path.join('/'), { path, title, reader: readers ? `reader-${readers + 1}` : 'reader' });
    // Its own workers, and sampling of what it allocates from now on.
    send(path, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false }).catch(() => undefined);
    if (heapSampling) send(path, 'HeapProfiler.enable').then(() => send(path, 'HeapProfiler.startSampling', { samplingInterval: 65_536 })).catch(() => undefined);
    if (cpuProfile) send(path, 'Profiler.enable').then(() => send(path, 'Profiler.setSamplingInterval', { interval: 1000 })).then(() => (cpuRecording ? send(path, 'Profiler.start') : undefined)).catch(() => undefined);
  };
  const peaks = new Map();
  const name = (w) => (/reader/.test(w.title) ? w.reader : /bench\.worker/.test(w.title) ? 'engine' : w.title);
  /** A worker that ended (the reader, let go once an import's files are read): its peaks are kept. */
  const ended = new Map();
  const detached = (path) => {
    const key = path.join('/');
    const w = workers.get(key);
    if (!w) return;
    workers.delete(key);
    ended.set(name(w), { ended: true, peaks: peaks.get(name(w)) });
  };
  cdp.on('Target.attachedToTarget', (e) => attached([e.sessionId], e.targetInfo));
  cdp.on('Target.detachedFromTarget', (e) => detached([e.sessionId]));
  cdp.on('Target.receivedMessageFromTarget', (e) => onMessage([e.sessionId], e.message));
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

  let snapshotChunks = [];
  let cpuRecording = false;
  /** Heap in use and allocated per worker, kept as peaks while `recording`. */
  const sample = async (recording) => {
    for (const w of workers.values()) {
      const u = await Promise.race([send(w.path, 'Runtime.getHeapUsage'), new Promise((r) => setTimeout(() => r(undefined), 2000))]).catch(() => undefined);
      if (!u || !recording) continue;
      const p = peaks.get(name(w)) ?? { usedMB: 0, totalMB: 0 };
      peaks.set(name(w), { usedMB: Math.max(p.usedMB, Math.round(u.usedSize / 1e6)), totalMB: Math.max(p.totalMB, Math.round(u.totalSize / 1e6)) });
    }
  };
  /** After a full GC: live heap per worker and the top allocating functions of what is still held. */
  const settle = async (top = 25) => {
    const out = Object.fromEntries(ended);
    for (const w of workers.values()) {
      try {
        const before = await send(w.path, 'Runtime.getHeapUsage');
        await send(w.path, 'HeapProfiler.collectGarbage');
        const after = await send(w.path, 'Runtime.getHeapUsage');
        const { profile } = await send(w.path, 'HeapProfiler.stopSampling');
        const bySite = new Map();
        const walk = (node, stack) => {
          const f = node.callFrame;
          const here = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
          if (node.selfSize) bySite.set(here, (bySite.get(here) ?? 0) + node.selfSize);
          for (const c of node.children) walk(c, stack);
        };
        walk(profile.head, []);
        const sites = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${(v / 1e6).toFixed(1)} MB ${k}`);
        out[name(w)] = { usedBeforeGcMB: Math.round(before.usedSize / 1e6), backingStoreMB: Math.round((after.backingStorageSize ?? 0) / 1e6), embedderMB: Math.round((after.embedderHeapUsedSize ?? 0) / 1e6), totalMB: Math.round(before.totalSize / 1e6), liveAfterGcMB: Math.round(after.usedSize / 1e6), heldByAllocatingFunction: sites, peaks: peaks.get(name(w)) };
      } catch (e) {
        out[name(w)] = { error: String(e) };
      }
    }
    return out;
  };
  const memoryDump = (minMB = 8) => dumpMemory(cdp, processType, minMB);
  /** A heap snapshot of the engine worker, written to `file` (for bench/heap-snapshot.mjs). */
  const snapshot = async (file) => {
    const { writeFileSync, appendFileSync } = await import('node:fs');
    for (const w of workers.values()) {
      if (name(w) !== 'engine') continue;
      // Written chunk by chunk: a large heap's snapshot is longer than a string can be.
      writeFileSync(file, '');
      snapshotChunks = { push: (c) => appendFileSync(file, c) };
      await send(w.path, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
      snapshotChunks = [];
    }
  };
  /**
   * --cpu-profile: each worker's CPU profile from `cpuStart` to now, as self time per function (top `top`), and the
   * full profiles written to `dir` (open them in DevTools).
   */
  const cpuStart = async () => {
    cpuRecording = true;
    for (const w of workers.values()) await send(w.path, 'Profiler.start').catch(() => undefined);
  };
  const cpuProfiles = async (dir, top = 30) => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const out = {};
    for (const w of workers.values()) {
      try {
        const { profile } = await send(w.path, 'Profiler.stop');
        writeFileSync(`${dir}/${name(w)}.cpuprofile`, JSON.stringify(profile));
        const dt = new Map();
        for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
        const self = new Map();
        let total = 0;
        for (const node of profile.nodes) {
          const f = node.callFrame;
          const here = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
          const t = dt.get(node.id) ?? 0;
          total += t;
          self.set(here, (self.get(here) ?? 0) + t);
        }
        out[name(w)] = { totalMs: Math.round(total / 1000), selfMs: [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${Math.round(v / 1000)} ms ${k}`) };
      } catch (e) {
        out[name(w)] = { error: String(e) };
      }
    }
    return out;
  };
  return { sample, settle, snapshot, memoryDump, cpuStart, cpuProfiles };
};

/**
 * Chromium's memory-infra dump of every process (what the allocators hold, not only the JS heaps), through the
 * DevTools session `cdp`: per process, the allocators of up to three levels (`partition_alloc/partitions/array_buffer`,
 * `v8/...`, `malloc`...) over `minMB`.
 */
export const dumpMemory = async (cdp, processType = (pid) => String(pid), minMB = 8, levelOfDetail = 'detailed') => {
  const events = [];
  const collect = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'], memoryDumpConfig: { triggers: [] } }, transferMode: 'ReportEvents' });
  await cdp.send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail });
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const out = {};
  for (const e of events) {
    const allocators = e.ph === 'v' ? e.args?.dumps?.allocators : undefined;
    if (!allocators) continue;
    const sizes = Object.entries(allocators)
      .filter(([k]) => k.split('/').length <= 3)
      .map(([k, v]) => [k, Math.round(parseInt(v.attrs?.size?.value ?? '0', 16) / 1e6)])
      .filter(([, mb]) => mb >= minMB)
      .sort((a, b) => b[1] - a[1]);
    if (sizes.length) out[`${processType(e.pid)}:${e.pid}`] = Object.fromEntries(sizes);
  }
  return out;
};
