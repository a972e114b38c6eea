/** Durations as analysts write them: `30m`, `4h`, `2d`, `90s`, `1h30m`, ISO 8601 `PT5M`/`P1D`, or milliseconds. */
export const parseDuration = (text: string): number | undefined => {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, d, h, m, s] = iso;
    return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60_000 + Math.round(Number(s ?? 0) * 1000);
  }
  const re = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'ms'];
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  return matched === t.length && matched > 0 ? Math.round(total) : undefined;
};
