import type { WindowApi } from '../../src-shared/contract';

declare global {
  interface Window {
    /** Provided by the Electron preload or the web shell's client; the UI's only way to the backend. */
    readonly api: WindowApi;
  }
}
