// No network (offline app; alert content is hostile and must never make the app phone out). Every request for a
// network scheme is cancelled at the session, whatever the renderer, a library or Chromium itself asks for.
// Loading from app://, data: and blob: is untouched; CSP (connect-src 'self') already stops the page earlier.
import type { Session } from 'electron';
import { createLogger } from './log';
import { schemeOf } from './url';

const log = createLogger('network');

/** Schemes that reach a network. `file:` is here too: nothing in the app loads file:// (A2). */
export const BLOCKED_SCHEMES: readonly string[] = ['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:'];

/** The webRequest filter: Chromium match patterns for exactly those schemes. */
export const BLOCKED_URL_PATTERNS: readonly string[] = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file:///*'];

/** Schemes that never leave the machine. Anything else that reaches the handler is blocked. */
const LOCAL_SCHEMES: readonly string[] = ['app:', 'data:', 'blob:', 'devtools:', 'chrome-extension:'];

/**
 * Should this request be cancelled? Yes for every blocked scheme and for anything that does not parse: the filter
 * only routes network schemes here, so a URL we cannot read is not one we should let through.
 */
export function shouldBlockRequest(url: unknown): boolean {
  if (typeof url !== 'string') return true;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return true;
  }
  return BLOCKED_SCHEMES.includes(protocol) || !LOCAL_SCHEMES.includes(protocol);
}

/**
 * Chromium-level backstop, before `ready`: no host name resolves, so even a request that slipped past the session
 * filter could not find a server by name. (IP literals are covered by the webRequest filter.)
 */
export function applyOfflineSwitches(commandLine: { appendSwitch(name: string, value?: string): void }): void {
  commandLine.appendSwitch('host-resolver-rules', 'MAP * ~NOTFOUND');
}

export function blockNetwork(session: Session): void {
  session.webRequest.onBeforeRequest({ urls: [...BLOCKED_URL_PATTERNS] }, (details, callback) => {
    const cancel = shouldBlockRequest(details.url);
    if (cancel) log.warn('blocked request', { scheme: schemeOf(details.url), resourceType: details.resourceType });
    callback({ cancel });
  });
  // Belt and braces for what webRequest does not see (e.g. a download): refuse downloads outright. Exports go
  // through main's save dialog (MainApi.saveFile), never through Chromium's download manager.
  session.on('will-download', (event) => {
    event.preventDefault();
    log.warn('blocked download');
  });
}
