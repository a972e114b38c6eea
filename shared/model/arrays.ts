// Typed arrays that grow: the columns of the alert index, the incident table and the correlator's store.

/**
 * `arr`, or a copy with room for `need` items when it is too short: at least double and at least 1,024, or exactly
 * `need` when `exact` (a reservation for a known final size).
 */
export const grow = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array>(arr: T, need: number, exact = false): T => {
  if (need <= arr.length) return arr;
  const next = new (arr.constructor as new (n: number) => T)(exact ? need : Math.max(need, arr.length * 2, 1024));
  next.set(arr);
  return next;
};

type Detachable = ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };

/**
 * Free a typed array's memory now, not at the next full collection, by detaching its buffer
 * (`ArrayBuffer.prototype.transfer(0)`): the array and every view of its buffer are empty after. For arrays whose
 * contents are done with (stored, or a run's work arrays). A no-op where `transfer` is missing (Node 20).
 */
export const detach = (arr: ArrayBufferView): void => {
  (arr.buffer as Detachable).transfer?.(0);
};

/** Whether `detach` frees anything here (false in Node 20, which lacks `ArrayBuffer.prototype.transfer`). */
export const canDetach = (): boolean => typeof (ArrayBuffer.prototype as Detachable).transfer === 'function';
