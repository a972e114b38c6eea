import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Session } from 'electron';
import { applyOfflineSwitches, BLOCKED_SCHEMES, BLOCKED_URL_PATTERNS, blockNetwork, shouldBlockRequest } from './network';
import { setLogSink } from './log';

// The refusals below are logged by design; keep the test output readable.
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

describe('shouldBlockRequest', () => {
  it('blocks every network scheme', () => {
    for (const url of [
      'http://example.com/',
      'https://example.com/x?y#z',
      'http://127.0.0.1:8080/',
      'http://[::1]/',
      'http://localhost/',
      'https://169.254.169.254/latest/meta-data/',
      'ws://example.com/socket',
      'wss://example.com/socket',
      'ftp://example.com/file',
      'file:///etc/passwd',
      'file://attacker/share/a.js',
      'HTTP://EXAMPLE.COM/',
    ]) {
      expect(shouldBlockRequest(url), url).toBe(true);
    }
  });

  it('lets local schemes through (the filter does not route them here anyway)', () => {
    for (const url of ['app://bundle/index.html', 'data:image/png;base64,AAAA', 'blob:app://bundle/1b4f0e98-aaaa-4bbb-8ccc-123456789abc', 'devtools://devtools/x']) {
      expect(shouldBlockRequest(url), url).toBe(false);
    }
  });

  it('blocks unknown schemes, unparsable URLs and non-strings', () => {
    for (const url of ['smb://host/share', 'gopher://x/', 'ms-msdt:/id', 'search-ms:query=x', 'not a url', '', null, undefined, 42, {}]) {
      expect(shouldBlockRequest(url), JSON.stringify(url) ?? 'undefined').toBe(true);
    }
  });

  it('property: every http/https/ws/wss/ftp URL is blocked', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['http', 'https', 'ws', 'wss', 'ftp'], withQueryParameters: true, withFragments: true }), (url) => shouldBlockRequest(url)));
  });

  it('filters exactly the blocked schemes', () => {
    expect(BLOCKED_SCHEMES).toEqual(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);
    expect(BLOCKED_URL_PATTERNS.map((p) => p.slice(0, p.indexOf(':') + 1))).toEqual([...BLOCKED_SCHEMES]);
  });
});

describe('blockNetwork', () => {
  it('cancels requests at the session and refuses downloads', () => {
    const session = Object.assign(new EventEmitter(), { webRequest: { onBeforeRequest: vi.fn() } });
    blockNetwork(session as unknown as Session);
    expect(session.webRequest.onBeforeRequest).toHaveBeenCalledOnce();
    const [filter, listener] = session.webRequest.onBeforeRequest.mock.calls[0] as [{ urls: string[] }, (d: { url: string; resourceType: string }, cb: (r: { cancel: boolean }) => void) => void];
    expect(filter.urls).toEqual([...BLOCKED_URL_PATTERNS]);
    const callback = vi.fn();
    listener({ url: 'https://evil.example/beacon', resourceType: 'xhr' }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith({ cancel: true });

    const event = { preventDefault: vi.fn() };
    session.emit('will-download', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('makes every host name unresolvable in Chromium', () => {
    const commandLine = { appendSwitch: vi.fn() };
    applyOfflineSwitches(commandLine);
    expect(commandLine.appendSwitch).toHaveBeenCalledWith('host-resolver-rules', 'MAP * ~NOTFOUND');
  });
});
