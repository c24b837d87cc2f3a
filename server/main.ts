#!/usr/bin/env node
/** `npm run server [-- command]`: the credits server and its operator commands (see cli.ts). */
import { main } from './cli';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
