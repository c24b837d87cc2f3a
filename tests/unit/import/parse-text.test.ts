/** The in-memory helpers read large texts the way the import does, whatever the line ends. */
import { describe, expect, it } from 'vitest';
import {
  parseExportBytes,
  parseExportText,
  streamExportText,
} from '../../../src-main/import/parser/parse-text';
import { EXPORT_STYLES, generateMessages, renderExport } from '../../support/export-generator';

describe('parseExportText', () => {
  const chat = [...generateMessages({ seed: 3, count: 40_000 })];
  const style = EXPORT_STYLES['android-en-gb'];
  const reference = parseExportText(renderExport(style, chat, '\n'));

  it.each(['\r\n', '\r'])('reads %j line ends like LF', (eol) => {
    const parsed = parseExportText(renderExport(style, chat, eol));
    expect(parsed.messages).toEqual(reference.messages);
  });

  it('gives the same messages in batches, and from the bytes through the import reader', async () => {
    const text = renderExport(style, chat, '\r\n');
    const batched: unknown[] = [];
    streamExportText(text, {}, (batch) => batched.push(...batch));
    expect(batched).toEqual(reference.messages);
    expect((await parseExportBytes(Buffer.from(text))).messages).toEqual(reference.messages);
    expect(reference.messages).toHaveLength(40_000);
  });
});
