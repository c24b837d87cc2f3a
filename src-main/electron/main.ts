// Placeholder: the Electron shell lands with issue 4.
import { app } from 'electron';

void app.whenReady().then(() => app.quit());
