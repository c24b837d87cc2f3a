import type { ApiName, ApiParsedArgs, ApiResult } from '../src-shared/contract';
import type { AppContext } from './context';

export type Handler<N extends ApiName> = (args: ApiParsedArgs<N>, ctx: AppContext) => Promise<ApiResult<N>>;
export type HandlerMap<K extends ApiName> = { [N in K]: Handler<N> };

/** Combines domain handler maps; a name served twice is an error at start. */
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void
  ? I
  : never;

export function combineHandlers<T extends object[]>(...maps: T): UnionToIntersection<T[number]> {
  const all: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in all) throw new Error(`handler "${name}" is registered twice`);
      all[name] = handler;
    }
  }
  return all as UnionToIntersection<T[number]>;
}
