/** electron-vite: a built file's path for `new Worker(...)` / piscina (the TS source under vitest). */
declare module '*?modulePath' {
  const path: string;
  export default path;
}
