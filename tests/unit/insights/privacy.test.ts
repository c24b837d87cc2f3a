import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Pseudonymiser, pseudonymFor, restoreDeep } from '../../../src-main/insights/privacy';

const people = ['Alexandra Whitfield', 'Will Turner', 'José Ñúñez', '+44 7700 900123', 'Mum ❤️'];
const p = new Pseudonymiser(people);
const send = (text: string) => p.apply(text).text;

describe('pseudonymisation', () => {
  it('gives each participant a stable pseudonym', () => {
    expect(p.people.map((x) => x.pseudonym)).toEqual([
      'Person A',
      'Person B',
      'Person C',
      'Person D',
      'Person E',
    ]);
    expect(p.author('Will Turner')).toBe('Person B');
    expect(p.author('+44 7700 900123')).toBe('Person D');
    expect(p.author(null)).toBeNull();
    expect(pseudonymFor(25)).toBe('Person Z');
    expect(pseudonymFor(26)).toBe('Person AA');
  });

  it('replaces full names, parts, any case, possessives, accents and nicknames', () => {
    expect(send('Alexandra Whitfield is here')).toBe('Person A is here');
    expect(send("alexandra's bag and WHITFIELD’s car")).toBe("Person A's bag and Person A’s car");
    expect(send('Jose and josé and Núñez')).toBe('Person C and Person C and Person C');
    expect(send('Alex, Alexa and Sandra')).toBe('Person A, Person A and Sandra');
    expect(send('Alexandrina is someone else')).toBe('Alexandrina is someone else');
  });

  it('replaces a name that is also a word only where it reads as a name', () => {
    expect(send('Will you come? I will. Ask Will. Will said yes. Turner agreed')).toBe(
      'Will you come? I will. Ask Person B. Person B said yes. Person B agreed',
    );
    expect(send("Will's phone. WILL DO")).toBe("Person B's phone. WILL DO");
    expect(send('I told Mum, mum knows')).toBe('I told Person E, mum knows');
  });

  it('redacts phone numbers, e-mails and links, consistently, but not dates or amounts', () => {
    const out = send(
      'Call +44 7700 900123 or (020) 7946-0958, mail alex.w@example.co.uk, see https://x.example/a?b=1. Or www.foo.org! ' +
        'Again 07700900123? Met on 12/05/2023 14:30, paid 1,250,000 and 3.14159265',
    );
    expect(out).toBe(
      'Call [phone 1] or [phone 2], mail [email 1], see [link 1]. Or [link 2]! ' +
        'Again [phone 3]? Met on 12/05/2023 14:30, paid 1,250,000 and 3.14159265',
    );
    expect(send('+44 7700 900123 again')).toBe('[phone 1] again');
  });

  it('restores exact slices, including a placeholder cut in half', () => {
    const original = 'Hi Alexandra, mail me at will@example.com or call 0161 496 0000 today';
    const sent = p.apply(original);
    expect(p.restoreSlice(sent)).toBe(original);
    const at = sent.text.indexOf('Person A');
    expect(p.restoreSlice(sent, at + 3, sent.text.indexOf(' today'))).toBe(
      'Alexandra, mail me at will@example.com or call 0161 496 0000',
    );
  });

  it('restores names and placeholders in what the model writes', () => {
    p.apply('write to rose@example.com');
    const placeholder = /\[email \d+\]/.exec(send('write to rose@example.com'))![0];
    expect(p.restoreNames(`Person B's jokes land with Person A; ${placeholder} came up. Person Q too`)).toBe(
      `Will Turner's jokes land with Alexandra Whitfield; rose@example.com came up. Person Q too`,
    );
    expect(restoreDeep({ a: ['Person C', { b: 'Person E' }], n: 3 }, (t) => p.restoreNames(t))).toEqual({
      a: ['José Ñúñez', { b: 'Mum ❤️' }],
      n: 3,
    });
  });

  // Property: any text built from ordinary words, names in every form, contacts and links round-trips
  // exactly, and what is sent contains no participant name and no contact detail.
  const fragment = fc.oneof(
    fc.constantFrom(
      'hello',
      'we',
      'met',
      'at',
      'the',
      'park',
      ':)',
      '😂',
      'ok.',
      'tomorrow?',
      '\n',
      'Person',
    ),
    fc.constantFrom(
      'Alexandra',
      'alexandra',
      'WHITFIELD',
      "Alexandra's",
      'Alex',
      'José',
      'jose',
      'Ñúñez',
      'NUÑEZ',
      'Nunez',
      'Alexandra  Whitfield',
    ),
    fc.constantFrom(
      'a.b@example.com',
      'https://example.org/x?y=z',
      'www.example.net',
      '+49 30 901820',
      '0161 496 0000',
    ),
    fc.string({ maxLength: 8 }),
  );
  const text = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(' '));

  it('round-trips any text exactly (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const sent = p.apply(t);
        expect(p.restoreSlice(sent)).toBe(t);
      }),
      { numRuns: 500 },
    );
  });

  it('sends no name and no contact detail (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const out = send(t).toLowerCase();
        for (const word of ['alexandra', 'whitfield', 'josé', 'jose', 'ñúñez', 'nuñez', 'nunez', 'alex'])
          expect(out).not.toMatch(new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'u'));
        expect(out).not.toMatch(/@example|https?:|www\.|7700|496 0000|901820/);
      }),
      { numRuns: 500 },
    );
  });

  it('restoring names undoes pseudonymising names written in full', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Will Turner', 'Alexandra Whitfield', 'said', 'hi', 'to', 'and', '!'), {
          maxLength: 20,
        }),
        (words) => {
          const t = words.join(' ');
          expect(p.restoreNames(send(t))).toBe(t);
        },
      ),
    );
  });
});
