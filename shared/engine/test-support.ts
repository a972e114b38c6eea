// Test helpers for the engine's import path (not shipped: only tests import this file).
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { serveReader } from './reader-worker';
import type { ReaderWorker } from './reader-worker';

/**
 * A reader worker in this process: `serveReader` on one end of a MessageChannel, as the engine worker spawns it.
 * `sent` lists the messages the engine posted to it; `fail()` makes it fail as a crashed worker does.
 */
export const channelWorker = (): ReaderWorker & { closed: () => boolean; sent: { t: string }[]; fail: (message: string) => void } => {
  const { port1, port2 } = new MessageChannel();
  serveReader(port2, ADAPTERS);
  port2.start();
  port1.start();
  let closed = false;
  const sent: { t: string }[] = [];
  const onError: ((ev: { data: unknown; message?: string }) => void)[] = [];
  return {
    postMessage: (m: unknown, transfer?: Transferable[]) => {
      sent.push(m as { t: string });
      port1.postMessage(m, (transfer ?? []) as never);
    },
    addEventListener: (type: string, l: (ev: { data: unknown; message?: string }) => void) => {
      if (type === 'message') port1.addEventListener('message', l as never);
      else onError.push(l);
    },
    terminate: () => {
      closed = true;
      port1.close();
    },
    closed: () => closed,
    sent,
    fail: (message) => onError.forEach((l) => l({ data: undefined, message })),
  };
};

/**
 * Run `fn` with `ArrayBuffer.prototype.transfer` (missing in Node 20, present in Chromium): where it is missing, a
 * stand-in detaches the buffer as the real one does. Returns how many buffers were given back.
 */
export const withBufferTransfer = async (fn: () => Promise<void> | void): Promise<number> => {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  const real = proto.transfer;
  let calls = 0;
  Object.defineProperty(proto, 'transfer', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length: number): ArrayBuffer {
      calls++;
      if (real) return real.call(this, length);
      structuredClone(this, { transfer: [this] });
      return new ArrayBuffer(length);
    },
  });
  try {
    await fn();
  } finally {
    if (real) Object.defineProperty(proto, 'transfer', { configurable: true, writable: true, value: real });
    else delete proto.transfer;
  }
  return calls;
};
