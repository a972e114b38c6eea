// Display preferences kept in this browser profile (localStorage): theme and how times are shown.
export type ThemePref = 'system' | 'light' | 'dark';
export type TimePref = 'utc' | 'local';
export type Prefs = { theme: ThemePref; time: TimePref };

const KEY = 'caseline.prefs';
export const DEFAULT_PREFS: Prefs = { theme: 'system', time: 'utc' };

export const loadPrefs = (): Prefs => {
  try {
    const raw = JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as { theme?: unknown; time?: unknown };
    return {
      theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system',
      time: raw.time === 'local' ? 'local' : 'utc',
    };
  } catch {
    return { ...DEFAULT_PREFS };
  }
};

export const savePrefs = (p: Prefs): void => {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ theme: p.theme, time: p.time }));
  } catch {
    // Storage may be unavailable (private window, quota): the preference then lasts for this session only.
  }
};

/** 'system' follows the OS (prefers-color-scheme); light/dark force it. */
export const applyTheme = (theme: ThemePref): void => {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
};

/** The theme actually shown now. */
export const effectiveTheme = (): 'light' | 'dark' => {
  const t = document.documentElement.dataset.theme;
  if (t === 'light' || t === 'dark') return t;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
};
