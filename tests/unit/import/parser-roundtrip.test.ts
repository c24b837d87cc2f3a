/**
 * Property: any chat, rendered in any supported export format, parses back to the same messages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExportText } from '../../../src-main/import/parser/parse-text';
import type { ParsedMessage } from '../../../src-main/import/parser/types';
import { formatWallClock } from '../../../src-shared/messages';
import {
  EXPORT_STYLES,
  STYLE_NAMES,
  chatArbitrary,
  expectedMessage,
  renderExport,
  type ExpectedMessage,
} from '../../support/export-generator';

export function asExpected(m: ParsedMessage): ExpectedMessage {
  return {
    at: formatWallClock(m.ts),
    author: m.author,
    text: m.text,
    kind: m.kind,
    subtype: m.subtype,
    edited: m.edited,
    attachment: m.attachment,
  };
}

describe('parsing rendered chats back', () => {
  it.each(STYLE_NAMES)('%s', (name) => {
    const style = EXPORT_STYLES[name];
    fc.assert(
      fc.property(chatArbitrary(), fc.constantFrom('\n', '\r\n'), (chat, eol) => {
        const text = renderExport(style, chat, eol);
        let parsed = parseExportText(text);
        if (parsed.dateOrderCertain) expect(parsed.format.dateOrder).toBe(style.order);
        else parsed = parseExportText(text, { dateOrder: style.order });
        expect(parsed.unparsed.count).toBe(0);
        expect(parsed.messages.map(asExpected)).toEqual(chat.map((m) => expectedMessage(style, m)));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  });
});
