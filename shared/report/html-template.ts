// A tiny tagged template for HTML where every interpolated string is escaped unless it is already Html built by
// this module. Forgetting to escape is therefore impossible: a plain string can only ever become text.
import { displayText, escapeHtml } from './escape';

const RAW: unique symbol = Symbol('html');
export type Html = { readonly [RAW]: string };
export type HtmlValue = string | number | Html | readonly HtmlValue[] | undefined | null | false;

const isHtml = (v: unknown): v is Html => typeof v === 'object' && v !== null && RAW in v;

/** Longest alert-derived string shown in one place (the full value stays in the case and the CSV/JSON exports). */
export const MAX_INLINE = 2_000;
export const MAX_BLOCK = 20_000;

/**
 * Alert text as HTML text: truncated, hidden characters made visible, escaped; `:` and `=` become character
 * references too, so even the source of the report never contains `javascript:` or `onerror=` from data (the
 * browser shows the same characters).
 */
const textHtml = (s: string, max: number, multiline: boolean): string =>
  escapeHtml(displayText(s, max, { multiline })).replace(/[:=]/g, (c) => (c === ':' ? '&#58;' : '&#61;'));

const render = (v: HtmlValue): string => {
  if (v === undefined || v === null || v === false) return '';
  if (typeof v === 'string') return textHtml(v, MAX_INLINE, false);
  if (typeof v === 'number') return escapeHtml(Number.isFinite(v) ? v.toLocaleString('en-US') : '');
  if (isHtml(v)) return v[RAW];
  return (v).map(render).join('');
};

export const html = (strings: TemplateStringsArray, ...values: HtmlValue[]): Html => {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return { [RAW]: out };
};

/** Multi-line alert text (descriptions, comments): line breaks kept, shown with white-space: pre-wrap. */
export const block = (s: string, max = MAX_BLOCK): Html => ({ [RAW]: textHtml(s, max, true) });
/** Inline alert text with its own length cap. */
export const inline = (s: string, max: number): Html => ({ [RAW]: textHtml(s, max, false) });
/** Trusted constant markup (CSS, our own tags); never pass alert data here. */
export const trusted = (s: string): Html => ({ [RAW]: s });
export const toString = (h: Html): string => h[RAW];
