// Navigation, new windows and webviews (SECURITY-NOTES A4). Applied to every webContents from
// `web-contents-created`, so no window can be missed.
import type { WebContents } from 'electron';
import { APP_ORIGIN } from '#shared/contracts/main-api';
import { createLogger } from './log';
import { schemeOf } from './url';

const log = createLogger('navigation');

/**
 * True only for a URL on exactly the app origin, `app://bundle`.
 *
 * Not `new URL(u).origin === APP_ORIGIN`: in Node (the main process) `app:` is not a special scheme, so
 * `new URL('app://bundle/').origin` is the string 'null' and that comparison would never match (or, compared with
 * 'null', would match every custom scheme). The URL is parsed, then every origin part is checked, and the raw text
 * must also start with the canonical `app://bundle/`, the form Chromium hands us after canonicalizing a standard
 * scheme. So `APP://BUNDLE/`, `app://bundle.evil/`, `app://evil@bundle/`, `app://bundle:1/` and anything with a
 * different scheme are refused.
 */
export function isAllowedNavigation(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  if (url !== APP_ORIGIN && !url.startsWith(`${APP_ORIGIN}/`)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'app:' && parsed.host === 'bundle' && parsed.hostname === 'bundle' && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

type Preventable = { preventDefault(): void };

/** will-navigate / will-frame-navigate / will-redirect: stop everything that leaves the app origin. */
export function guardNavigation(event: Preventable, url: string, kind: string): void {
  if (isAllowedNavigation(url)) return;
  event.preventDefault();
  log.warn('blocked navigation', { kind, scheme: schemeOf(url) });
}

/** Lock down one webContents: navigation, redirects, popups, webviews. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => guardNavigation(event, event.url, 'will-navigate'));
  contents.on('will-frame-navigate', (event) => guardNavigation(event, event.url, 'will-frame-navigate'));
  contents.on('will-redirect', (event) => guardNavigation(event, event.url, 'will-redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('blocked window.open', { scheme: schemeOf(url) });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked webview');
  });
}

/** The print window never navigates anywhere, not even to the app origin. */
export function denyAllNavigation(contents: WebContents): void {
  const deny = (event: Preventable) => event.preventDefault();
  contents.on('will-navigate', deny);
  contents.on('will-frame-navigate', deny);
  contents.on('will-redirect', deny);
}
