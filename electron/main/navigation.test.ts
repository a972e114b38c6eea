import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { denyAllNavigation, hardenWebContents, isAllowedNavigation } from './navigation';
import { setLogSink } from './log';

// The refusals below are logged by design; keep the test output readable.
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

describe('isAllowedNavigation', () => {
  it('allows the app origin', () => {
    for (const url of ['app://bundle/', 'app://bundle/index.html', 'app://bundle/index.html?x=1#/queue', 'app://bundle', 'app://bundle/@evil.com', 'app://bundle/assets/x.js']) {
      expect(isAllowedNavigation(url), url).toBe(true);
    }
  });

  it('refuses the tricky cases from SECURITY-NOTES A4 and friends', () => {
    const refused = [
      'app://bundle.evil/',
      'app://bundle.evil.com/index.html',
      'app://evil@bundle/',
      'app://bundle@evil/',
      'app://bundle:evil@bundle/',
      'app://bundle:8080/',
      'app://bundle:/',
      'APP://BUNDLE/',
      'App://bundle/',
      'app://BUNDLE/',
      'app://bundle%2eevil/',
      'app://bundlex/',
      'app:bundle/index.html',
      'app:/bundle/',
      'app:///bundle/',
      ' app://bundle/',
      'app://print/x.html',
      'javascript:alert(1)',
      'javascript://app://bundle/%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'file://bundle/',
      'blob:app://bundle/1b4f0e98-aaaa-4bbb-8ccc-123456789abc',
      'https://app://bundle/',
      'https://bundle/',
      'http://example.com.attacker.com/',
      'about:blank',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      '\\\\attacker\\share\\a.js',
      '',
    ];
    for (const url of refused) expect(isAllowedNavigation(url), url).toBe(false);
  });

  it('refuses non-strings', () => {
    for (const value of [undefined, null, 1, {}, ['app://bundle/'], new URL('https://x/')]) expect(isAllowedNavigation(value)).toBe(false);
  });

  it('property: no web URL is allowed', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https', 'ftp', 'ws', 'wss', 'file', 'app', 'APP'] }), (url) => !isAllowedNavigation(url)));
  });

  it('property: an app: URL is allowed exactly when its authority is the bare host "bundle"', () => {
    const authority = fc.oneof(fc.constant('bundle'), fc.webAuthority({ withUserInfo: true, withPort: true }), fc.constantFrom('bundle.evil', 'evil@bundle', 'bundle:1', 'BUNDLE', 'bundle.', 'xbundle'));
    fc.assert(
      fc.property(authority, fc.webPath(), (host, webPath) => {
        const url = `app://${host}${webPath.startsWith('/') || webPath === '' ? webPath : `/${webPath}`}`;
        expect(isAllowedNavigation(url)).toBe(host === 'bundle');
      }),
    );
  });

  it('property: never throws', () => {
    fc.assert(fc.property(fc.anything(), (value) => typeof isAllowedNavigation(value) === 'boolean'));
  });
});

type FakeContents = EventEmitter & { openHandler?: (details: { url: string }) => { action: string } };

function fakeContents(): FakeContents {
  const contents = new EventEmitter() as FakeContents;
  (contents as unknown as { setWindowOpenHandler: (h: FakeContents['openHandler']) => void }).setWindowOpenHandler = (handler) => {
    contents.openHandler = handler;
  };
  return contents;
}

function navEvent(url: string) {
  let prevented = false;
  return {
    url,
    preventDefault: () => {
      prevented = true;
    },
    get prevented() {
      return prevented;
    },
  };
}

describe('hardenWebContents', () => {
  const contents = fakeContents();
  hardenWebContents(contents as unknown as WebContents);

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s is prevented off the app origin and allowed on it', (eventName) => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://bundle.evil/', 'javascript:alert(1)']) {
      const event = navEvent(url);
      contents.emit(eventName, event, url);
      expect(event.prevented, `${eventName} ${url}`).toBe(true);
    }
    const ok = navEvent('app://bundle/index.html');
    contents.emit(eventName, ok, ok.url);
    expect(ok.prevented).toBe(false);
  });

  it('denies every window.open, even to the app origin', () => {
    for (const url of ['https://evil.example/', 'app://bundle/index.html', 'about:blank']) expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
  });

  it('prevents webview attachment', () => {
    const event = navEvent('');
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.prevented).toBe(true);
  });
});

describe('denyAllNavigation (print window)', () => {
  it('prevents navigation even to the app origin', () => {
    const contents = fakeContents();
    denyAllNavigation(contents as unknown as WebContents);
    for (const eventName of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const event = navEvent('app://bundle/index.html');
      contents.emit(eventName, event);
      expect(event.prevented).toBe(true);
    }
  });
});
