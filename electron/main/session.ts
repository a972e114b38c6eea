// Hardening applied to every session the app ever creates (default, print partition, anything future), once each.
import type { Session } from 'electron';
import { blockNetwork } from './network';
import { denyAllPermissions } from './permissions';

const hardened = new WeakSet<Session>();

export function hardenSession(session: Session): void {
  if (hardened.has(session)) return;
  hardened.add(session);
  denyAllPermissions(session);
  blockNetwork(session);
}
