// Deny every permission on every session (SECURITY-NOTES A6). Without handlers Electron approves all permission
// requests. Caseline needs none: clipboard writes from a user gesture need no permission, and files come through
// main's dialogs. Any future exception must be an explicit allowlist here, with a test.
import type { Session, WebContents } from 'electron';
import { createLogger } from './log';

const log = createLogger('permissions');

export const ALLOWED_PERMISSIONS: readonly string[] = [];

export function isPermissionAllowed(permission: unknown): boolean {
  return typeof permission === 'string' && ALLOWED_PERMISSIONS.includes(permission);
}

export function permissionRequestHandler(_contents: unknown, permission: string, callback: (granted: boolean) => void): void {
  const granted = isPermissionAllowed(permission);
  if (!granted) log.warn('denied permission request', { permission: String(permission).slice(0, 64) });
  callback(granted);
}

export function permissionCheckHandler(_contents: unknown, permission: string): boolean {
  return isPermissionAllowed(permission);
}

export function devicePermissionHandler(): boolean {
  return false;
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler(permissionRequestHandler);
  session.setPermissionCheckHandler(permissionCheckHandler);
  session.setDevicePermissionHandler(devicePermissionHandler);
  // Device pickers: cancel instead of letting a default pick a device.
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
}

/** Bluetooth device selection is a webContents event, not a session one. */
export function denyBluetooth(contents: WebContents): void {
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}
