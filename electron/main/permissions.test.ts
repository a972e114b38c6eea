import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { ALLOWED_PERMISSIONS, denyAllPermissions, denyBluetooth, devicePermissionHandler, permissionCheckHandler, permissionRequestHandler } from './permissions';
import { setLogSink } from './log';

// The refusals below are logged by design; keep the test output readable.
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

// Electron 45's permission names (Session.setPermissionRequestHandler), plus a few from older/newer versions.
const PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read',
  'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen',
  'geolocation', 'geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts',
  'local-network', 'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc',
  'notifications', 'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock',
  'screen-wake-lock', 'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock',
  'top-level-storage-access', 'usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
  'bluetooth', 'clipboard-write', 'camera', 'microphone', 'accessibility-events', 'window-placement', 'constructor', '__proto__', '',
];

describe('permission handlers', () => {
  it('has no allowlisted permission', () => {
    expect(ALLOWED_PERMISSIONS).toEqual([]);
  });

  it.each(PERMISSIONS)('denies %j on request and on check', (permission) => {
    const callback = vi.fn();
    permissionRequestHandler({}, permission, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(permissionCheckHandler({}, permission)).toBe(false);
  });

  it('property: denies any permission name, any caller', () => {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(fc.string(), fc.constantFrom(...PERMISSIONS)), (contents, permission) => {
        let granted: boolean | undefined;
        permissionRequestHandler(contents, permission, (g) => (granted = g));
        return granted === false && permissionCheckHandler(contents, permission) === false;
      }),
    );
  });

  it('denies every device', () => {
    expect(devicePermissionHandler()).toBe(false);
  });
});

type FakeSession = EventEmitter & {
  setPermissionRequestHandler: ReturnType<typeof vi.fn>;
  setPermissionCheckHandler: ReturnType<typeof vi.fn>;
  setDevicePermissionHandler: ReturnType<typeof vi.fn>;
};

function fakeSession(): FakeSession {
  return Object.assign(new EventEmitter(), { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() });
}

describe('denyAllPermissions', () => {
  it('installs all three handlers on the session', () => {
    const session = fakeSession();
    denyAllPermissions(session as unknown as Session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(permissionRequestHandler);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(permissionCheckHandler);
    expect(session.setDevicePermissionHandler).toHaveBeenCalledWith(devicePermissionHandler);
  });

  it('cancels HID, USB and serial device pickers', () => {
    const session = fakeSession();
    denyAllPermissions(session as unknown as Session);
    for (const [eventName, extra, expected] of [
      ['select-hid-device', [{ deviceList: [{ deviceId: 'd1' }] }], []],
      ['select-usb-device', [{ deviceList: [{ deviceId: 'd1' }] }], []],
      ['select-serial-port', [[{ portId: 'p1' }], {}], ['']],
    ] as const) {
      const event = { preventDefault: vi.fn() };
      const callback = vi.fn();
      session.emit(eventName, event, ...extra, callback);
      expect(event.preventDefault, eventName).toHaveBeenCalled();
      expect(callback, eventName).toHaveBeenCalledExactlyOnceWith(...expected);
    }
  });

  it('cancels Bluetooth device selection', () => {
    const contents = new EventEmitter();
    denyBluetooth(contents as unknown as WebContents);
    const event = { preventDefault: vi.fn() };
    const callback = vi.fn();
    contents.emit('select-bluetooth-device', event, [{ deviceId: 'b1', deviceName: 'x' }], callback);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledExactlyOnceWith('');
  });
});
