// The arithmetic of a virtual list that may be taller than a browser lets an element be (~33.5M px in Chromium):
// past MAX_PX the scroll range is scaled, so row i sits at i*row in "content" space and is drawn relative to the viewport.

/** Heights above this scale the scrollbar (15M px: 441k rows of 34 px scroll 1:1). */
export const MAX_PX = 15_000_000;

export type VirtualWindow = {
  /** Height of the scrolling spacer element. */
  spacerPx: number;
  /** Content pixels per scrollbar pixel (1 below MAX_PX). */
  ratio: number;
  /** Content offset of the top of the viewport. */
  contentTop: number;
  /** Rows to render: [first, last). */
  first: number;
  last: number;
};

export const virtualWindow = (total: number, rowPx: number, scrollTop: number, viewportPx: number, overscan = 5): VirtualWindow => {
  const fullPx = total * rowPx;
  const spacerPx = Math.min(fullPx, MAX_PX);
  const ratio = spacerPx > viewportPx ? Math.max(1, (fullPx - viewportPx) / (spacerPx - viewportPx)) : 1;
  const contentTop = Math.max(0, scrollTop) * ratio;
  return {
    spacerPx,
    ratio,
    contentTop,
    first: Math.max(0, Math.floor(contentTop / rowPx) - overscan),
    last: Math.min(total, Math.ceil((contentTop + viewportPx) / rowPx) + overscan),
  };
};

/** Where row i is drawn inside the spacer (so it appears at its content position within the viewport). */
export const rowTop = (w: VirtualWindow, scrollTop: number, i: number, rowPx: number): number => scrollTop + (i * rowPx - w.contentTop);

/** The scrollTop that brings row i into view (keeping `margin` rows below it), or undefined when it already is. */
export const scrollTopFor = (w: VirtualWindow, i: number, rowPx: number, viewportPx: number, margin = 1): number | undefined => {
  const top = i * rowPx;
  if (top < w.contentTop) return top / w.ratio;
  if (top + rowPx > w.contentTop + viewportPx - margin * rowPx) return (top + (margin + 1) * rowPx - viewportPx) / w.ratio;
  return undefined;
};
