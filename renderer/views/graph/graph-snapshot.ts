// The graph image for reports: the mounted attack-story graph registers how to take a PNG of itself, so the
// report dialog can include it (the report accepts only a PNG data: URL).
const snapshots = new Map<string, () => Blob | undefined>();

export const registerGraphSnapshot = (incidentId: string, take: () => Blob | undefined): (() => void) => {
  snapshots.set(incidentId, take);
  return () => {
    if (snapshots.get(incidentId) === take) snapshots.delete(incidentId);
  };
};

/** A PNG data URL of the incident's graph, when its graph has been drawn in this session. */
export const graphPngOf = async (incidentId: string): Promise<string | undefined> => {
  const blob = snapshots.get(incidentId)?.();
  if (!blob) return undefined;
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' && reader.result.startsWith('data:image/png') ? reader.result : undefined);
    reader.onerror = () => resolve(undefined);
    reader.readAsDataURL(blob);
  });
};
