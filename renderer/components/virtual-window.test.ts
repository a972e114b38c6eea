import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_PX, rowTop, scrollTopFor, virtualWindow } from './virtual-window';

describe('virtual window', () => {
  it('scrolls 1:1 below the cap and renders only the visible rows', () => {
    const w = virtualWindow(1000, 34, 3400, 600);
    expect(w.ratio).toBe(1);
    expect(w.spacerPx).toBe(34_000);
    expect(w.first).toBe(95);
    expect(w.last).toBe(Math.ceil((3400 + 600) / 34) + 5);
    expect(rowTop(w, 3400, 100, 34)).toBe(3400);
  });
  it('scales a million rows into a spacer the browser can hold, and the last row is reachable', () => {
    const total = 1_000_000;
    const view = 600;
    const w0 = virtualWindow(total, 34, 0, view);
    expect(w0.spacerPx).toBe(MAX_PX);
    expect(w0.ratio).toBeGreaterThan(2);
    const maxScroll = w0.spacerPx - view;
    const end = virtualWindow(total, 34, maxScroll, view);
    expect(end.last).toBe(total);
    // The last row sits at the bottom of the viewport.
    expect(rowTop(end, maxScroll, total - 1, 34) + 34).toBeCloseTo(maxScroll + view, 3);
  });
  it('rows are contiguous and inside the spacer at any scroll position, for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000_000 }), fc.integer({ min: 20, max: 60 }), fc.integer({ min: 100, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), (total, row, view, f) => {
        const probe = virtualWindow(total, row, 0, view);
        const scrollTop = Math.max(0, probe.spacerPx - view) * f;
        const w = virtualWindow(total, row, scrollTop, view);
        expect(w.spacerPx).toBeLessThanOrEqual(MAX_PX);
        expect(w.first).toBeLessThanOrEqual(w.last);
        for (let i = w.first; i + 1 < w.last; i++) expect(rowTop(w, scrollTop, i + 1, row) - rowTop(w, scrollTop, i, row)).toBeCloseTo(row, 6);
        if (w.last > w.first) {
          expect(rowTop(w, scrollTop, w.last - 1, row)).toBeLessThanOrEqual(Math.max(w.spacerPx, view) + row * 6);
          expect(rowTop(w, scrollTop, w.first, row)).toBeGreaterThanOrEqual(-row * 6);
        }
      }),
    );
  });
  it('scrollTopFor brings a row into view from either side', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 2_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (total, f, g) => {
        const view = 600;
        const probe = virtualWindow(total, 34, 0, view);
        const scrollTop = Math.max(0, probe.spacerPx - view) * f;
        const w = virtualWindow(total, 34, scrollTop, view);
        const target = Math.min(total - 1, Math.floor(g * total));
        const next = scrollTopFor(w, target, 34, view);
        const after = virtualWindow(total, 34, next ?? scrollTop, view);
        expect(target * 34).toBeGreaterThanOrEqual(after.contentTop - 1e-6 * total);
        expect(target * 34 + 34).toBeLessThanOrEqual(after.contentTop + view + 1e-6 * total);
      }),
    );
  });
});
