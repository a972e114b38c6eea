import type { MainApi } from '#shared/contracts/main-api';
import { electronBridge } from './desktop';
import type { PlatformBridge } from './types';
import { webBridge } from './web';

export type { PlatformBridge };

/** The Electron preload exposes `window.caseline`; anywhere else this is the web build. */
export const detectPlatform = (): PlatformBridge => {
  const api = (window as unknown as { caseline?: MainApi }).caseline;
  return api ? electronBridge(api) : webBridge();
};
