/** Zip exports built in tests with a real zip writer (deflated entries, like WhatsApp's own). */
import { readFile } from 'node:fs/promises';
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  /** Bytes, or a path to read them from. */
  data: Buffer | { path: string };
  /** Stored instead of deflated. */
  store?: boolean;
}

export async function zipBuffer(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : await readFile(entry.data.path);
    zip.addBuffer(data, entry.name, { compress: !entry.store, mtime: new Date(Date.UTC(2022, 0, 1)) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
