// "Select all matching": the engine pages, so collect ids page by page (5,000 at a time), reporting progress.
export const SELECT_CHUNK = 5000;

export const collectAll = async <R extends { id: string }>(
  load: (offset: number, limit: number) => Promise<{ total: number; rows: R[] }>,
  onRow: (row: R) => void,
  progress: (done: number, total: number) => void,
  signal: { cancelled: boolean },
): Promise<number> => {
  let offset = 0;
  let total = Infinity;
  while (offset < total && !signal.cancelled) {
    const page = await load(offset, SELECT_CHUNK);
    total = page.total;
    for (const r of page.rows) onRow(r);
    if (page.rows.length === 0) break;
    offset += page.rows.length;
    progress(Math.min(offset, total), total);
  }
  return offset;
};
