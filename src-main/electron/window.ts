/** The one window, locked down: isolated, sandboxed, no Node, no navigation away, links to the browser. */
import { BrowserWindow, nativeTheme, shell, type WebContents } from 'electron';
import { APP_START_URL, isAppUrl } from './app-protocol';

const EXTERNAL = /^(https?:|mailto:)/i;

function openExternally(url: string): void {
  if (EXTERNAL.test(url)) void shell.openExternal(url);
}

/** Applies to every web contents the app creates (the window, and anything it tries to open). */
export function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'RelivChats',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171a' : '#f7f6f3',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}
