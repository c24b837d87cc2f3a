// Runs the CLI from its TypeScript sources (tests spawn this with tsx; the built bin runs out/main/cli.js).
import { main } from '../../src-main/cli';

process.exitCode = await main(process.argv.slice(2));
