/**
 * The desktop app's main process. Thin: it opens the library (the same folder the CLI uses), serves the
 * renderer over app://, and forwards every request to the handler map. Imports run in a worker thread.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, dialog, session, webContents } from 'electron';
import * as sqliteVec from 'sqlite-vec';
import { DEEP_LINK_SCHEME, deepLinkInArgs, parseDeepLink } from '../account/deep-link';
import { createAppContext } from '../app-context';
import type { AppContext } from '../context';
import { toErrorShape } from '../errors';
import { createWorkerImportRunner } from '../import/worker-runner';
import { createWorkerStatsRunner } from '../stats/worker-runner';
import { resumeInsightJobs } from '../insights/handlers';
import { defaultDataDir, defaultLibraryPath } from '../paths';
import { isAppUrl, registerAppScheme, serveAppProtocol } from './app-protocol';
import { emitTo, serveIpc } from './ipc';
import { installMenu } from './menu';
import { nativeModuleSetup } from './native-modules';
import { createSafeStorageSecretStore } from './secret-store';
import { createMainWindow, guardContents } from './window';

const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

// One library, one process: a second launch focuses the first window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The same folder as `defaultDataDir()` (the CLI's), whatever the package name says.
  const dataDir = defaultDataDir();
  app.setPath('userData', dataDir);
  registerAppScheme();

  let ctx: (AppContext & { close(): void }) | null = null;
  let win: BrowserWindow | null = null;

  const appWindows = () => webContents.getAllWebContents().filter((c) => isAppUrl(c.getURL()));

  const pickFiles = async (): Promise<string[]> => {
    const options: Electron.OpenDialogOptions = {
      title: 'Import a WhatsApp export',
      buttonLabel: 'Import',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'WhatsApp export (.zip, .txt)', extensions: ['zip', 'txt'] }],
    };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };

  const importFromMenu = async () => {
    if (!ctx) return;
    const paths = await pickFiles();
    if (paths.length === 0) return;
    ctx.emit('files-received', { sources: paths.map((path) => ({ kind: 'path', path })), via: 'menu' });
  };

  // relivchats:// links (e.g. back from Stripe Checkout): macOS sends open-url, Windows and Linux start a
  // second instance with the link on its command line (or this one, when the app was not running).
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  let pendingLink = deepLinkInArgs(process.argv);
  const openLink = (url: string) => {
    const link = parseDeepLink(url);
    if (!link) return;
    if (!ctx) {
      pendingLink = url;
      return;
    }
    void ctx.account.openLink(link);
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });

  app.on('second-instance', (_event, argv) => {
    const link = deepLinkInArgs(argv);
    if (link) openLink(link);
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app.on('window-all-closed', () => app.quit());
  // A credits server started beside the app finishes its requests and closes its database first.
  let serverStopped = false;
  app.on('before-quit', (event) => {
    if (serverStopped || !ctx || ctx.account.server.local.view().state === 'stopped') return;
    event.preventDefault();
    serverStopped = true;
    void ctx.account.server.local.stop().finally(() => app.quit());
  });
  app.on('will-quit', () => ctx?.close());

  void app.whenReady().then(async () => {
    // No permission (camera, notifications, geolocation…) is ever needed.
    session.defaultSession.setPermissionRequestHandler((_c, _p, callback) => callback(false));

    const setup = nativeModuleSetup({
      appRoot: app.getAppPath(),
      isPackaged: app.isPackaged,
      env: process.env,
      vecLoadablePath: () => sqliteVec.getLoadablePath(),
    });
    if (setup.sqliteBinding) process.env.RELIVCHATS_SQLITE_BINDING = setup.sqliteBinding;
    if (setup.vecPath) process.env.RELIVCHATS_VEC_PATH = setup.vecPath;

    const libraryPath = defaultLibraryPath();
    try {
      ctx = createAppContext({
        libraryPath,
        dataDir,
        emit: emitTo(appWindows),
        runImport: createWorkerImportRunner(libraryPath),
        computeStats: createWorkerStatsRunner(libraryPath).compute,
        secrets: await createSafeStorageSecretStore(dataDir),
        pickFiles,
      });
    } catch (error) {
      const reason = setup.problem ?? toErrorShape(error).message;
      dialog.showErrorBox('RelivChats cannot open its library', `${libraryPath}\n\n${reason}`);
      app.exit(1);
      return;
    }

    resumeInsightJobs(ctx); // insights that were generating when the app last stopped carry on
    serveAppProtocol(rendererDir, () => ctx);
    serveIpc(() => ctx);
    installMenu(() => void importFromMenu());
    win = createMainWindow(preloadPath);
    win.on('closed', () => (win = null));
    if (pendingLink) openLink(pendingLink);
  });
}
