/** Every capability of the backend, in one typed map: the same object behind IPC, the web shell and the CLI. */
import type { ApiName } from '../src-shared/contract';
import { accountHandlers } from './account/handlers';
import { filesHandlers } from './files-handlers';
import { combineHandlers, type HandlerMap } from './handler-map';
import { importsHandlers } from './import/handlers';
import { insightsHandlers } from './insights/handlers';
import { libraryHandlers } from './library/handlers';
import { opsHandlers } from './ops-handlers';
import { searchIndexHandlers } from './search-index/handlers';
import { settingsHandlers } from './settings/handlers';
import { statsHandlers } from './stats/handlers';

export const handlers: HandlerMap<ApiName> = combineHandlers(
  libraryHandlers,
  importsHandlers,
  opsHandlers,
  filesHandlers,
  statsHandlers,
  searchIndexHandlers,
  insightsHandlers,
  accountHandlers,
  settingsHandlers,
);
