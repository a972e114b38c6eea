// Request/response envelopes with sequence numbers over any postMessage-style port (a Worker, a
// DedicatedWorkerGlobalScope, a MessagePort). Errors cross as plain {name, message, stack}; events only announce.
import type { EngineArgs, EngineEvents, EngineMethod, EngineResult, SerializedError } from './api';

export type RpcRequest = { t: 'req'; seq: number; method: string; args: unknown };
export type RpcResponse =
  | { t: 'res'; seq: number; ok: true; value: unknown }
  | { t: 'res'; seq: number; ok: false; error: SerializedError };
export type RpcEvent = { t: 'evt'; name: string; payload: unknown };
export type RpcMessage = RpcRequest | RpcResponse | RpcEvent;

export type MessagePortLike = {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
};

/** Engine implementation shape: every handler may be async. */
export type EngineImpl = { [K in EngineMethod]: (args: EngineArgs<K>) => Promise<EngineResult<K>> | EngineResult<K> };

export const serializeError = (e: unknown): SerializedError => {
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { name: 'Error', message: typeof e === 'string' ? e : 'Unknown error' };
};

/** An error that came back over the boundary; carries the remote name. */
export class RemoteError extends Error {
  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name;
  }
}

const isRequest = (m: unknown): m is RpcRequest =>
  typeof m === 'object' && m !== null && (m as RpcRequest).t === 'req' && typeof (m as RpcRequest).seq === 'number';

/** Serve an engine on a port: validates the method name against the handler map, answers every request. */
export const serveEngine = (port: MessagePortLike, engine: EngineImpl | Promise<EngineImpl>): void => {
  port.addEventListener('message', (ev) => {
    const msg = ev.data;
    if (!isRequest(msg)) return;
    const reply = (r: RpcResponse): void => port.postMessage(r);
    Promise.resolve(engine)
      .then((impl) => {
        if (!Object.prototype.hasOwnProperty.call(impl, msg.method)) throw Object.assign(new Error(`No engine method ${msg.method}`), { name: 'UnknownMethod' });
        return (impl[msg.method as EngineMethod] as (a: unknown) => unknown)(msg.args);
      })
      .then(
        (value) => reply({ t: 'res', seq: msg.seq, ok: true, value }),
        (e: unknown) => reply({ t: 'res', seq: msg.seq, ok: false, error: serializeError(e) }),
      );
  });
};

export const postEvent = <K extends keyof EngineEvents>(port: { postMessage(m: unknown): void }, name: K, payload: EngineEvents[K]): void =>
  port.postMessage({ t: 'evt', name, payload } satisfies RpcEvent);

export type EngineClient = {
  /** `transfer` lists what moves rather than copies (file byte streams handed to the worker). */
  call<K extends EngineMethod>(method: K, args: EngineArgs<K>, transfer?: Transferable[]): Promise<EngineResult<K>>;
  on<K extends keyof EngineEvents>(name: K, listener: (payload: EngineEvents[K]) => void): () => void;
};

/** The typed client: generic over the handler map's keys, so a wrong method or argument fails typecheck. */
export const createEngineClient = (port: MessagePortLike): EngineClient => {
  let seq = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  port.addEventListener('message', (ev) => {
    const msg = ev.data as RpcMessage;
    if (typeof msg !== 'object' || msg === null) return;
    if (msg.t === 'res') {
      const p = pending.get(msg.seq);
      if (!p) return;
      pending.delete(msg.seq);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new RemoteError(msg.error));
    } else if (msg.t === 'evt') {
      for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
    }
  });
  return {
    call: (method, args, transfer) =>
      new Promise((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        const msg = { t: 'req', seq: id, method, args } satisfies RpcRequest;
        if (transfer?.length) port.postMessage(msg, transfer);
        else port.postMessage(msg);
      }),
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
};
