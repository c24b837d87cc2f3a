/** Titles from file names, system message kinds, dates and calendars. */
import { describe, expect, it } from 'vitest';
import { daysFromCalendar, daysFromCivil } from '../../../src-main/import/parser/calendar';
import { titleFromFileName } from '../../../src-main/import/parser';
import { systemTypeOf } from '../../../src-main/import/parser/vocabulary';

describe('titleFromFileName', () => {
  it.each([
    ['WhatsApp Chat with Alex.txt', 'Alex'],
    ['WhatsApp Chat with Alex Morgan.zip', 'Alex Morgan'],
    ['WhatsApp Chat with Alex (1).zip', 'Alex'],
    ['WhatsApp Chat with Alex(2).txt', 'Alex'],
    ['WhatsApp Chat - Book Club.zip', 'Book Club'],
    ['WhatsApp Chat - Ana - Work.zip', 'Ana - Work'],
    ['Chat de WhatsApp con Lucía.txt', 'Lucía'],
    ['WhatsApp-Chat mit Jonas.txt', 'Jonas'],
    ['Conversa do WhatsApp com João.txt', 'João'],
    ['Discussion WhatsApp avec Chloé.txt', 'Chloé'],
    ['Chat WhatsApp con Giulia.txt', 'Giulia'],
    ['Chat di WhatsApp con Giulia.txt', 'Giulia'],
    ['WhatsApp-chat met Daan.txt', 'Daan'],
    ['Чат WhatsApp с Анной.txt', 'Анной'],
    ['Ayşe ile WhatsApp Sohbeti.txt', 'Ayşe'],
    ['Chat WhatsApp dengan Budi.txt', 'Budi'],
    ['Czat WhatsApp z Kasią.txt', 'Kasią'],
    ['WhatsApp-chatt med Elsa.txt', 'Elsa'],
    ['/home/me/Downloads/WhatsApp Chat with Alex.txt', 'Alex'],
    ['_chat.txt', null],
    ['chat.txt', null],
    ['notes.zip', null],
  ])('%s → %s', (name, title) => {
    expect(titleFromFileName(name)).toBe(title);
  });
});

describe('systemTypeOf', () => {
  it.each([
    ['Messages and calls are end-to-end encrypted. No one outside of this chat can read them.', 'encryption'],
    ['Messages to this group are now secured with end-to-end encryption. Tap for more info.', 'encryption'],
    ['Los mensajes y las llamadas están cifrados de extremo a extremo.', 'encryption'],
    ['Ana created group "Book: the added subject"', 'created'],
    ['Ana hat die Gruppe „Familie“ erstellt', 'created'],
    ['Ana added Bo', 'added'],
    ['You were added', 'added'],
    ['Ana a ajouté Bo', 'added'],
    ["Bo joined using this group's invite link", 'joined'],
    ['Bo left', 'left'],
    ['Bo hat die Gruppe verlassen', 'left'],
    ['Ana removed Bo', 'removed'],
    ['Ana changed the subject from "left" to "added"', 'renamed'],
    ['Ana cambió el asunto a "Viaje"', 'renamed'],
    ["Ana changed this group's icon", 'icon-changed'],
    ["Ana deleted this group's icon", 'icon-changed'],
    ['Ana changed the group description', 'description-changed'],
    [
      "Ana changed this group's settings to allow only admins to send messages to this group",
      'settings-changed',
    ],
    ["You're now an admin", 'admin-changed'],
    ['Your security code with Bo changed. Tap to learn more.', 'security-code-changed'],
    [
      'Bo changed their phone number to a new number. Tap to message or add the new number.',
      'number-changed',
    ],
    ['Missed voice call', 'missed-call'],
    ['Verpasster Videoanruf', 'missed-call'],
    [
      "Ana turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent.",
      'disappearing-messages',
    ],
    ['Waiting for this message. This may take a while.', 'other'],
  ])('%s → %s', (text, type) => {
    expect(systemTypeOf(text)).toBe(type);
  });
});

describe('calendar', () => {
  it('counts days like Date.UTC', () => {
    for (let y = 1999; y <= 2041; y += 1) {
      for (const [m, d] of [
        [1, 1],
        [2, 28],
        [2, 29],
        [3, 1],
        [12, 31],
      ] as const) {
        if (m === 2 && d === 29 && new Date(Date.UTC(y, 1, 29)).getUTCMonth() !== 1) continue;
        expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
      }
    }
  });

  it('reads Persian and Islamic dates', () => {
    expect(daysFromCalendar('persian', 1400, 1, 1)).toBe(Date.UTC(2021, 2, 21) / 86_400_000);
    expect(daysFromCalendar('islamic', 1444, 9, 1)).toBe(Date.UTC(2023, 2, 23) / 86_400_000);
    expect(daysFromCalendar('persian', 1400, 13, 1)).toBeNaN();
  });
});
