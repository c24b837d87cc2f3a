/**
 * The in-memory helpers read large texts the way the import does, whatever the line ends; and the parser
 * gives the same messages however the reader cuts the text into blocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMessageParser } from '../../../src-main/import/parser';
import {
  parseExportBytes,
  parseExportText,
  streamExportText,
} from '../../../src-main/import/parser/parse-text';
import type { ParsedMessage } from '../../../src-main/import/parser/types';
import {
  EXPORT_STYLES,
  STYLE_NAMES,
  chatArbitrary,
  generateMessages,
  renderExport,
} from '../../support/export-generator';

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

describe('the message parser', () => {
  it('ends a message that grows past any WhatsApp message, and counts the rest as not understood', () => {
    const filler = Array.from({ length: 25_000 }, (_, i) => `${i} ${'x'.repeat(96)}`);
    const text = `1/2/22, 10:00 - Ana: start\n${filler.join('\n')}\n1/2/22, 10:01 - Bo: after\n`;
    const parsed = parseExportText(text, { dateOrder: 'mdy' });
    expect(parsed.messages.map((m) => m.author)).toEqual(['Ana', 'Bo']);
    const first = parsed.messages[0]!;
    expect(first.text.length).toBeLessThanOrEqual(1 << 20);
    expect(first.text.length).toBeGreaterThan((1 << 20) - 200);
    expect(first.text.split('\n').length - 1 + parsed.unparsed.count).toBe(filler.length);
    expect(parsed.unparsed.samples[0]!.text).toBe(filler[first.text.split('\n').length - 1]);
    expect(parsed.messages[1]!.text).toBe('after');
  });

  it('gives the same messages and line numbers for any cut of the text into blocks of whole lines', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STYLE_NAMES),
        chatArbitrary(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (name, chat, cuts) => {
          const style = EXPORT_STYLES[name];
          const text = renderExport(style, chat);
          const whole = parseExportText(text, { dateOrder: style.order });
          // Cut after random lines: blocks may start or end inside a multi-line message, or be one line.
          const lines = text.slice(0, -1).split('\n');
          const at = [...new Set(cuts.map((n) => n % (lines.length + 1)))].sort((a, b) => a - b);
          const parser = createMessageParser(whole.format);
          const messages: ParsedMessage[] = [];
          let from = 0;
          for (const to of [...at, lines.length]) {
            if (to > from) parser.pushText(`${lines.slice(from, to).join('\n')}\n`, messages);
            from = Math.max(from, to);
          }
          parser.finish(messages);
          expect(messages).toEqual(whole.messages);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });
});
