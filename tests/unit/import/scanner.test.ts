/** Format inference over whole files: date order, day periods, calendars, learnt words, non-exports. */
import { describe, expect, it } from 'vitest';
import { createFormatScanner } from '../../../src-main/import/parser';
import { parseExportText } from '../../../src-main/import/parser/parse-text';
import type { WhatsAppFormat } from '../../../src-main/import/parser/scanner';
import { formatWallClock } from '../../../src-shared/messages';

/** Lines as the reader hands them on: one block, every line ended by `\n`. */
const block = (lines: string[]) => lines.map((line) => `${line}\n`).join('');
const scan = (lines: string[], dateOrder?: 'dmy' | 'mdy' | 'ymd') => {
  const scanner = createFormatScanner(dateOrder ? { dateOrder } : {});
  scanner.pushText(block(lines));
  return scanner.finish();
};
const at = (text: string, options = {}) =>
  parseExportText(text, options).messages.map((m) => formatWallClock(m.ts));

describe('date order', () => {
  it('is settled by a number above 12', () => {
    expect(scan(['1/2/22, 10:00 - A: x', '1/13/22, 10:00 - A: x'])).toMatchObject({
      format: { dateOrder: 'mdy' },
      dateOrderCertain: true,
    });
    expect(scan(['1/2/22, 10:00 - A: x', '13/2/22, 10:00 - A: x'])).toMatchObject({
      format: { dateOrder: 'dmy' },
      dateOrderCertain: true,
    });
  });

  it('is settled by the reading under which the chat runs backwards', () => {
    // Day first: 5 Jan, 10 Jan, 3 Feb, 8 Feb, 2 Mar. Month first: May 1, Oct 1, Mar 2, Aug 2, Feb 3 — back twice.
    const lines = [
      '05/01/22, 10:00 - A: x',
      '10/01/22, 10:00 - A: x',
      '03/02/22, 10:00 - A: x',
      '08/02/22, 10:00 - A: x',
      '02/03/22, 10:00 - A: x',
    ];
    expect(scan(lines)).toMatchObject({ format: { dateOrder: 'dmy' }, dateOrderCertain: true });
  });

  it('stays uncertain when nothing tells, guessing from which number changes more often', () => {
    const dayChanges = ['01/02/22, 10:00 - A: x', '02/02/22, 10:00 - A: x', '03/02/22, 10:00 - A: x'];
    expect(scan(dayChanges)).toMatchObject({ format: { dateOrder: 'dmy' }, dateOrderCertain: false });
    const secondChanges = ['02/01/22, 10:00 - A: x', '02/02/22, 10:00 - A: x', '02/03/22, 10:00 - A: x'];
    expect(scan(secondChanges)).toMatchObject({ format: { dateOrder: 'mdy' }, dateOrderCertain: false });
  });

  it('falls back to the US convention for 12-hour slash dates, day first otherwise', () => {
    expect(scan(['1/2/22, 10:00 AM - A: x']).format.dateOrder).toBe('mdy');
    expect(scan(['1/2/22, 10:00 - A: x']).format.dateOrder).toBe('dmy');
    expect(scan(['1.2.22, 10:00 - A: x']).format.dateOrder).toBe('dmy');
  });

  it('follows the override, except where the year comes first or the month is named', () => {
    expect(scan(['1/2/22, 10:00 - A: x', '13/2/22, 10:00 - A: x'], 'mdy')).toMatchObject({
      format: { dateOrder: 'mdy' },
      dateOrderCertain: true,
    });
    expect(scan(['2022-01-02 10:00 - A: x'], 'dmy').format.dateOrder).toBe('ymd');
    expect(at('01/02/2022, 10:00 - A: x\n', { dateOrder: 'mdy' })).toEqual(['2022-01-02T10:00:00']);
  });
});

describe('calendars', () => {
  it('converts Buddhist years, in four digits and in two', () => {
    expect(at('2/1/2565 10:00 - A: x\n15/1/2565 10:00 - A: y\n')).toEqual([
      '2022-01-02T10:00:00',
      '2022-01-15T10:00:00',
    ]);
    expect(at('2/1/65 10:00 - A: x\n15/1/65 10:00 - A: y\n')).toEqual([
      '2022-01-02T10:00:00',
      '2022-01-15T10:00:00',
    ]);
  });

  it('converts Japanese eras, across the change of era', () => {
    expect(at('[H31/04/30 23:59:00] A: x\n[R1/05/01 00:00:00] A: y\n[R4/01/02 10:00:00] A: z\n')).toEqual([
      '2019-04-30T23:59:00',
      '2019-05-01T00:00:00',
      '2022-01-02T10:00:00',
    ]);
  });

  it('converts Solar Hijri and Umm al-Qura dates', () => {
    expect(at('۱۴۰۰/۳/۹، ۱۸:۴۴ - A: x\n۱۴۰۰/۱۰/۱۲، ۱۸:۴۴ - A: y\n')).toEqual([
      '2021-05-30T18:44:00',
      '2022-01-02T18:44:00',
    ]);
    expect(at('٢٩‏/٥‏/١٤٤٣، ١٠:٠٠ ص - A: x\n')).toEqual(['2022-01-02T10:00:00']);
  });

  it('gives up on dates that do not exist rather than inventing them', () => {
    const parsed = parseExportText('31/12/22, 10:00 - A: x\n31/02/22, 10:00 - A: no 31 February\n');
    expect(parsed.messages.map((m) => m.text)).toEqual(['x\n31/02/22, 10:00 - A: no 31 February']);
  });
});

describe('day periods', () => {
  it('learns the meaning of unknown words from which starts the day', () => {
    // Two invented words: `zz` starts every new date, so it is the morning.
    const text = [
      '1/2/22, 9:00 zz - A: a',
      '1/2/22, 3:00 yy - A: b',
      '1/3/22, 8:00 zz - A: c',
      '1/3/22, 9:00 yy - A: d',
      '',
    ].join('\n');
    const parsed = parseExportText(text);
    expect((parsed.format as WhatsAppFormat).dayPeriods).toEqual([
      { text: 'zz', pm: false },
      { text: 'yy', pm: true },
    ]);
    expect(parsed.messages.map((m) => formatWallClock(m.ts).slice(11))).toEqual([
      '09:00:00',
      '15:00:00',
      '08:00:00',
      '21:00:00',
    ]);
  });

  it('knows the opposite of a known word', () => {
    const parsed = parseExportText('1/2/22, 9:00 AM - A: a\n1/2/22, 3:00 qq - A: b\n');
    expect((parsed.format as WhatsAppFormat).dayPeriods).toEqual([
      { text: 'AM', pm: false },
      { text: 'qq', pm: true },
    ]);
  });
});

describe('words a file teaches', () => {
  it('takes recurring `<…>` bodies for media and `<…>` endings for the edited marker', () => {
    const lines = [];
    for (let i = 1; i <= 4; i++) {
      lines.push(
        `0${i}/01/22, 10:00 - A: <Medya yok sayıldı>`,
        `0${i}/01/22, 10:01 - B: tamam ${i} <Bu ileti düzenlendi>`,
      );
    }
    const parsed = parseExportText(`${lines.join('\n')}\n`);
    expect((parsed.format as WhatsAppFormat).learnt).toMatchObject({
      mediaPlaceholders: ['<Medya yok sayıldı>'],
      editedMarkers: ['<Bu ileti düzenlendi>'],
    });
    expect(parsed.messages.slice(0, 2)).toMatchObject([
      { kind: 'media', subtype: 'other', text: '' },
      { kind: 'text', text: 'tamam 1', edited: true },
    ]);
  });

  it('does not take a word seen twice, or markup, for a marker', () => {
    const text = [
      '01/01/22, 10:00 - A: <b>bold</b>',
      '02/01/22, 10:00 - A: <b>bold</b>',
      '03/01/22, 10:00 - A: <b>bold</b>',
      '03/01/22, 10:00 - A: hi <Ana>',
      '04/01/22, 10:00 - A: hi <Ana>',
    ].join('\n');
    const parsed = parseExportText(text);
    expect((parsed.format as WhatsAppFormat).learnt.mediaPlaceholders).toEqual([]);
    expect((parsed.format as WhatsAppFormat).learnt.editedMarkers).toEqual([]);
    expect(parsed.messages.every((m) => m.kind === 'text' && !m.edited)).toBe(true);
  });

  it('learns them far down a file, after the format has settled, however the text is cut', () => {
    const plain = Array.from({ length: 6000 }, (_, i) => `${(i % 28) + 1}/01/22, 10:00 - A: hello ${i}`);
    const taught = [1, 2, 3].flatMap((d) => [
      `${d}/02/22, 10:00 - A: <Medya yok sayıldı>`,
      `${d}/02/22, 10:01 - B: tamam <Bu ileti düzenlendi>`,
      `${d}/02/22, 10:02 - A: IMG-20220101-WA000${d}.jpg (dosya eklendi)`,
    ]);
    const lines = [...plain, ...taught];
    for (const cuts of [[], [6001], [6002, 6004, 6007]]) {
      const scanner = createFormatScanner({});
      let from = 0;
      for (const to of [...cuts, lines.length]) {
        scanner.pushText(block(lines.slice(from, to)));
        from = to;
      }
      expect((scanner.finish().format as WhatsAppFormat).learnt, `cut at ${cuts}`).toEqual({
        mediaPlaceholders: ['<Medya yok sayıldı>'],
        editedMarkers: ['<Bu ileti düzenlendi>'],
        attachedPhrases: ['dosya eklendi'],
      });
    }
  });

  it('learns the attached-file phrase from WhatsApp file names', () => {
    const parsed = parseExportText(
      '01/01/22, 10:00 - A: IMG-20220101-WA0001.jpg (dosya eklendi)\n13/01/22, 10:00 - A: Rapor.pdf (dosya eklendi)\n',
    );
    expect(parsed.messages.map((m) => [m.kind, m.subtype, m.attachment])).toEqual([
      ['media', 'image', 'IMG-20220101-WA0001.jpg'],
      ['media', 'document', 'Rapor.pdf'],
    ]);
  });
});

describe('files that are not exports', () => {
  it('are refused at the first binary line', () => {
    const scanner = createFormatScanner({});
    expect(() => scanner.pushText(block(['%PDF-1.4', 'obj\u0000\u0001']))).toThrow(
      expect.objectContaining({ code: 'not-whatsapp' }),
    );
  });

  it('are refused after a thousand lines without a header, without reading on', () => {
    const scanner = createFormatScanner({});
    expect(() => scanner.pushText(block(Array.from({ length: 1500 }, (_, i) => `line ${i}`)))).toThrow(
      /not a WhatsApp chat export/,
    );
  });

  it('are refused at the end when no header was found', () => {
    const scanner = createFormatScanner({});
    scanner.pushText(block(['hello', 'world']));
    expect(() => scanner.finish()).toThrow(expect.objectContaining({ code: 'not-whatsapp' }));
  });

  it('chooses the shape most lines have', () => {
    const lines = [
      '2022-01-02 10:00 - Log: started',
      ...Array.from({ length: 5 }, (_, i) => `0${i + 1}/01/22, 10:00 - A: x`),
    ];
    expect(scan(lines).format).toMatchObject({ dateOrder: 'dmy', header: { yearFirst: false } });
  });
});
