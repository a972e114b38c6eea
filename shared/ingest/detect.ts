// Format detection: every adapter scores the first records of a file; the highest confidence wins.
import type { Container, DetectSample, SourceAdapter } from './types';
import type { ContainerEvent, ReadEvent } from './readers/index';

/** Records shown to detectors. */
export const DETECT_SAMPLE_SIZE = 20;

export type DetectCandidate = { name: string; confidence: number };

export type DetectResult = {
  /** The best adapter's name; '' when no adapter gave a confidence above 0. */
  name: string;
  confidence: number;
  /** Every adapter with confidence above 0, best first (ties keep adapter order). */
  candidates: DetectCandidate[];
};

/** An adapter's score, made safe: an adapter that throws, or answers NaN or out of range, is clamped (a throw is 0). */
const score = (adapter: SourceAdapter, sample: DetectSample): number => {
  if (!adapter.containers.includes(sample.container)) return 0;
  let c: number;
  try {
    c = adapter.detect(sample);
  } catch {
    return 0;
  }
  if (typeof c !== 'number' || Number.isNaN(c)) return 0;
  return Math.min(1, Math.max(0, c));
};

/**
 * Ask every adapter that reads the sample's container how sure it is. Highest confidence wins; a tie goes to the
 * adapter listed first (so put specific adapters before generic ones).
 */
export const detectFormat = (sample: DetectSample, adapters: readonly SourceAdapter[]): DetectResult => {
  const scored = adapters.map((a, order) => ({ name: a.name, confidence: score(a, sample), order }));
  const candidates = scored
    .filter((s) => s.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
    .map(({ name, confidence }) => ({ name, confidence }));
  const best = candidates[0];
  return { name: best?.name ?? '', confidence: best?.confidence ?? 0, candidates };
};

/** A DetectSample from what the reader gave: the container event's fields and the first records' values. */
export const buildDetectSample = (
  fileName: string,
  container: Container,
  header: readonly string[],
  records: readonly unknown[],
  max = DETECT_SAMPLE_SIZE,
): DetectSample => ({
  fileName,
  container,
  header: [...header],
  records: records.slice(0, max),
});

export type SampledEvents = {
  /** undefined when the events ended before a container event (an empty or failed file). */
  sample: DetectSample | undefined;
  /** All events, from the first: the ones read for the sample are replayed, then the rest follow. */
  events: AsyncIterable<ReadEvent>;
};

/**
 * Read events until the container event and `max` records (or the end), build the sample from them, and hand back
 * an iterable that replays those events and continues with the rest: one pass over the file, nothing re-read.
 * A read error met while sampling is thrown again when the replay reaches it.
 */
export const sampleEvents = async (source: AsyncIterable<ReadEvent>, fileName: string, max = DETECT_SAMPLE_SIZE): Promise<SampledEvents> => {
  const it = source[Symbol.asyncIterator]();
  const head: ReadEvent[] = [];
  let container: ContainerEvent | undefined;
  const values: unknown[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  try {
    while (values.length < max) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(r.value);
      if (r.value.kind === 'container') container ??= r.value;
      else if (r.value.kind === 'record') values.push(r.value.record.value);
    }
  } catch (e) {
    failure = { error: e };
    ended = true;
  }
  const sample = container ? buildDetectSample(fileName, container.container, container.header, values, max) : undefined;
  async function* replay(): AsyncGenerator<ReadEvent, void, undefined> {
    try {
      yield* head;
      if (failure) throw failure.error;
      if (ended) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      if (!ended) await it.return?.();
    }
  }
  return { sample, events: replay() };
};
