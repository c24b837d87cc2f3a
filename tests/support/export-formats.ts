/**
 * Synthetic WhatsApp exports in every format family the parser supports: chats generated from a seed (or by
 * fast-check), rendered as WhatsApp would write them in a given style (platform, language, date and time
 * format, calendar), together with the messages the parser must give back. Re-exported by
 * export-generator.ts.
 *
 * ```ts
 * import { EXPORT_STYLES, generateMessages, renderExport, expectedMessage } from '../support/export-generator';
 * const style = EXPORT_STYLES['android-en-us'];
 * const chat = [...generateMessages({ seed: 1, count: 1000 })];
 * const text = renderExport(style, chat); // the .txt as WhatsApp would write it
 * const expected = chat.map((m) => expectedMessage(style, m)); // what `messages --jsonl` should print
 * ```
 * For big files, `renderExportChunks(style, generateMessages({ count: 1_000_000, authors: 40 }))` yields
 * the text piece by piece (nothing is held in memory): write it to a file and import that.
 *
 * A `ChatMessage` is platform-neutral; `expectedMessage` says what a style turns it into (an Android export
 * without media writes `<Media omitted>`, which does not tell an image from a video, for instance).
 */
import fc from 'fast-check';
import { mediaTypeOf } from '../../src-main/import/export-file';
import {
  MEDIA_TYPES,
  formatWallClock,
  parseWallClock,
  type MediaType,
  type MessageKind,
  type MessageSubtype,
  type SystemType,
} from '../../src-shared/messages';

// ---------------------------------------------------------------------------------------------------------
// Messages

type AttachableMedia = Exclude<MediaType, 'view-once' | 'other'>;
const ATTACHABLE_MEDIA = MEDIA_TYPES.filter((t): t is AttachableMedia => t !== 'view-once' && t !== 'other');

export type ChatMessage =
  | { kind: 'text'; at: string; author: string; text: string; edited?: boolean }
  | { kind: 'deleted'; at: string; author: string; byMe: boolean }
  | {
      kind: 'media';
      at: string;
      author: string;
      media: AttachableMedia;
      /** The file is in the export (a zip "with media"); otherwise WhatsApp writes a placeholder. */
      withFile: boolean;
      /** Sequence number for the file name (unique in a chat). */
      n: number;
      /** Only with a file: without one, a caption could not be told from the placeholder's next line. */
      caption?: string;
    }
  | { kind: 'location'; at: string; author: string; lat: number; lon: number }
  | { kind: 'poll'; at: string; author: string; question: string; options: [string, number][] }
  | { kind: 'system'; at: string; event: SystemEvent; actor: string; other: string };

/** The system events the generator writes (each language has a sentence for each). */
export type SystemEvent = Extract<
  SystemType,
  | 'encryption'
  | 'created'
  | 'added'
  | 'left'
  | 'removed'
  | 'renamed'
  | 'icon-changed'
  | 'security-code-changed'
>;
export const SYSTEM_EVENTS: SystemEvent[] = [
  'encryption',
  'created',
  'added',
  'left',
  'removed',
  'renamed',
  'icon-changed',
  'security-code-changed',
];

/** What the parser must return for a message (the `messages --jsonl` shape, plus subtype and edited). */
export interface ExpectedMessage {
  at: string;
  author: string | null;
  text: string;
  kind: MessageKind;
  subtype: MessageSubtype;
  edited: boolean;
  attachment: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Languages: WhatsApp's own words in an export.

interface Language {
  mediaOmitted: string;
  edited: string;
  deleted: string;
  youDeleted: string;
  fileAttached: string;
  iosAttached: string;
  iosOmitted: Record<Exclude<AttachableMedia, 'voice'>, string>;
  location: string;
  poll: [string, string];
  votes: (n: number) => string;
  system: Record<SystemEvent, (actor: string, other: string) => string>;
}

const EN: Language = {
  mediaOmitted: '<Media omitted>',
  edited: '<This message was edited>',
  deleted: 'This message was deleted',
  youDeleted: 'You deleted this message',
  fileAttached: 'file attached',
  iosAttached: 'attached',
  iosOmitted: {
    image: 'image omitted',
    video: 'video omitted',
    audio: 'audio omitted',
    sticker: 'sticker omitted',
    gif: 'GIF omitted',
    document: 'document omitted',
    contact: 'Contact card omitted',
  },
  location: 'location',
  poll: ['POLL', 'OPTION'],
  votes: (n) => `${n} vote${n === 1 ? '' : 's'}`,
  system: {
    encryption: () =>
      'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
    created: (a, o) => `${a} created group "${o}"`,
    added: (a, o) => `${a} added ${o}`,
    left: (a) => `${a} left`,
    removed: (a, o) => `${a} removed ${o}`,
    renamed: (a, o) => `${a} changed the subject to "${o}"`,
    'icon-changed': (a) => `${a} changed this group's icon`,
    'security-code-changed': (a) => `Your security code with ${a} changed. Tap to learn more.`,
  },
};

const DE: Language = {
  mediaOmitted: '<Medien ausgeschlossen>',
  edited: '<Diese Nachricht wurde bearbeitet.>',
  deleted: 'Diese Nachricht wurde gelöscht.',
  youDeleted: 'Du hast diese Nachricht gelöscht.',
  fileAttached: 'Datei angehängt',
  iosAttached: 'Anhang',
  iosOmitted: {
    image: 'Bild weggelassen',
    video: 'Video weggelassen',
    audio: 'Audio weggelassen',
    sticker: 'Sticker weggelassen',
    gif: 'GIF weggelassen',
    document: 'Dokument weggelassen',
    contact: 'Kontaktkarte weggelassen',
  },
  location: 'Standort',
  poll: ['UMFRAGE', 'OPTION'],
  votes: (n) => `${n} ${n === 1 ? 'Stimme' : 'Stimmen'}`,
  system: {
    encryption: () =>
      'Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören, nicht einmal WhatsApp. Tippe, um mehr zu erfahren.',
    created: (a, o) => `${a} hat die Gruppe „${o}“ erstellt`,
    added: (a, o) => `${a} hat ${o} hinzugefügt`,
    left: (a) => `${a} hat die Gruppe verlassen`,
    removed: (a, o) => `${a} hat ${o} entfernt`,
    renamed: (a, o) => `${a} hat den Betreff zu „${o}“ geändert`,
    'icon-changed': (a) => `${a} hat das Gruppenbild geändert`,
    'security-code-changed': (a) =>
      `Deine Sicherheitsnummer für ${a} hat sich geändert. Tippe, um mehr zu erfahren.`,
  },
};

const ES: Language = {
  mediaOmitted: '<Multimedia omitido>',
  edited: '<Se editó este mensaje.>',
  deleted: 'Se eliminó este mensaje.',
  youDeleted: 'Eliminaste este mensaje.',
  fileAttached: 'archivo adjunto',
  iosAttached: 'adjunto',
  iosOmitted: {
    image: 'imagen omitida',
    video: 'video omitido',
    audio: 'audio omitido',
    sticker: 'sticker omitido',
    gif: 'GIF omitido',
    document: 'documento omitido',
    contact: 'tarjeta de contacto omitida',
  },
  location: 'ubicación',
  poll: ['ENCUESTA', 'OPCIÓN'],
  votes: (n) => `${n} voto${n === 1 ? '' : 's'}`,
  system: {
    encryption: () =>
      'Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos. Toca para obtener más información.',
    created: (a, o) => `${a} creó el grupo "${o}"`,
    added: (a, o) => `${a} añadió a ${o}`,
    left: (a) => `${a} salió del grupo`,
    removed: (a, o) => `${a} eliminó a ${o}`,
    renamed: (a, o) => `${a} cambió el asunto a "${o}"`,
    'icon-changed': (a) => `${a} cambió el ícono de este grupo`,
    'security-code-changed': (a) =>
      `Tu código de seguridad con ${a} cambió. Toca para obtener más información.`,
  },
};

const FR: Language = {
  mediaOmitted: '<Médias omis>',
  edited: '<Ce message a été modifié>',
  deleted: 'Ce message a été supprimé',
  youDeleted: 'Vous avez supprimé ce message',
  fileAttached: 'fichier joint',
  iosAttached: 'pièce jointe',
  iosOmitted: {
    image: 'image absente',
    video: 'vidéo absente',
    audio: 'audio omis',
    sticker: 'autocollant omis',
    gif: 'GIF retiré',
    document: 'document omis',
    contact: 'fiche contact omise',
  },
  location: 'position',
  poll: ['SONDAGE', 'OPTION'],
  votes: (n) => `${n} vote${n === 1 ? '' : 's'}`,
  system: {
    encryption: () =>
      'Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter. Appuyez pour en savoir plus.',
    created: (a, o) => `${a} a créé le groupe « ${o} »`,
    added: (a, o) => `${a} a ajouté ${o}`,
    left: (a) => `${a} est parti`,
    removed: (a, o) => `${a} a retiré ${o}`,
    renamed: (a, o) => `${a} a modifié le sujet en « ${o} »`,
    'icon-changed': (a) => `${a} a changé l'icône de ce groupe`,
    'security-code-changed': (a) => `Votre code de sécurité avec ${a} a changé. Appuyez pour en savoir plus.`,
  },
};

const PT: Language = {
  mediaOmitted: '<Mídia oculta>',
  edited: '<Mensagem editada>',
  deleted: 'Mensagem apagada',
  youDeleted: 'Você apagou esta mensagem',
  fileAttached: 'arquivo anexado',
  iosAttached: 'anexado',
  iosOmitted: {
    image: 'imagem ocultada',
    video: 'vídeo omitido',
    audio: 'áudio ocultado',
    sticker: 'figurinha omitida',
    gif: 'GIF omitido',
    document: 'documento omitido',
    contact: 'cartão de contato omitido',
  },
  location: 'localização',
  poll: ['ENQUETE', 'OPÇÃO'],
  votes: (n) => `${n} voto${n === 1 ? '' : 's'}`,
  system: {
    encryption: () =>
      'As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta. Ninguém fora desta conversa, nem mesmo o WhatsApp, pode ler ou ouvi-las. Toque para saber mais.',
    created: (a, o) => `${a} criou o grupo "${o}"`,
    added: (a, o) => `${a} adicionou ${o}`,
    left: (a) => `${a} saiu`,
    removed: (a, o) => `${a} removeu ${o}`,
    renamed: (a, o) => `${a} mudou o assunto para "${o}"`,
    'icon-changed': (a) => `${a} mudou a imagem deste grupo`,
    'security-code-changed': (a) => `Seu código de segurança com ${a} mudou. Toque para saber mais.`,
  },
};

export const LANGUAGES = { en: EN, de: DE, es: ES, fr: FR, pt: PT } as const;
export type LanguageCode = keyof typeof LANGUAGES;

// ---------------------------------------------------------------------------------------------------------
// Export styles: one per format family.

export interface ExportStyle {
  name: string;
  platform: 'android' | 'ios';
  language: LanguageCode;
  /** Order of the date's numbers, and what separates them (`/`, `.`, `-`, `. ` for `2022. 1. 2.`). */
  order: 'dmy' | 'mdy' | 'ymd';
  dateSep: string;
  /** Zero-padded day and month. */
  pad: boolean;
  yearDigits: 2 | 4;
  /** Between date and time (or time and date). */
  connector: string;
  timeFirst?: boolean;
  timeSep?: ':' | '.';
  seconds: boolean;
  /** 12-hour clock: [am, pm] words, where they go and what stands between them and the time. */
  dayPeriods?: { words: [string, string]; position: 'before' | 'after'; space: string };
  digits?: 'latin' | 'arabic' | 'persian';
  /** Arabic exports put U+200F after each date number. */
  rtlMarks?: boolean;
  calendar?: 'gregorian' | 'buddhist' | 'japanese';
  /** A month name instead of the month's number: `2 Jan 2022`. */
  monthNames?: boolean;
  /** `09/12/2012 17:03:48: Ana: hi` (exports before 2015). */
  legacyColon?: boolean;
}

const s = (style: ExportStyle) => style;
const US_12H = { words: ['AM', 'PM'], position: 'after', space: '\u202f' } as const;

// prettier-ignore
export const EXPORT_STYLES = {
  'android-en-us': s({ name: 'android-en-us', platform: 'android', language: 'en', order: 'mdy', dateSep: '/', pad: false, yearDigits: 2, connector: ', ', seconds: false, dayPeriods: { ...US_12H, words: ['AM', 'PM'] } }),
  'android-en-gb': s({ name: 'android-en-gb', platform: 'android', language: 'en', order: 'dmy', dateSep: '/', pad: true, yearDigits: 4, connector: ', ', seconds: false }),
  'android-en-ca': s({ name: 'android-en-ca', platform: 'android', language: 'en', order: 'ymd', dateSep: '-', pad: true, yearDigits: 4, connector: ', ', seconds: false, dayPeriods: { words: ['a.m.', 'p.m.'], position: 'after', space: '\u00a0' } }),
  'android-de': s({ name: 'android-de', platform: 'android', language: 'de', order: 'dmy', dateSep: '.', pad: true, yearDigits: 2, connector: ', ', seconds: false }),
  'android-fr': s({ name: 'android-fr', platform: 'android', language: 'fr', order: 'dmy', dateSep: '/', pad: true, yearDigits: 4, connector: ' à ', seconds: false }),
  'android-es-12h': s({ name: 'android-es-12h', platform: 'android', language: 'es', order: 'dmy', dateSep: '/', pad: false, yearDigits: 2, connector: ', ', seconds: false, dayPeriods: { words: ['a. m.', 'p. m.'], position: 'after', space: '\u00a0' } }),
  'android-pt-br': s({ name: 'android-pt-br', platform: 'android', language: 'pt', order: 'dmy', dateSep: '/', pad: true, yearDigits: 4, connector: ' ', seconds: false }),
  'android-fi': s({ name: 'android-fi', platform: 'android', language: 'en', order: 'dmy', dateSep: '.', pad: false, yearDigits: 4, connector: ' klo ', timeSep: '.', seconds: false }),
  'android-nl': s({ name: 'android-nl', platform: 'android', language: 'en', order: 'dmy', dateSep: '-', pad: true, yearDigits: 4, connector: ' ', seconds: false }),
  'android-sv': s({ name: 'android-sv', platform: 'android', language: 'en', order: 'ymd', dateSep: '-', pad: true, yearDigits: 4, connector: ' ', seconds: false }),
  'android-id': s({ name: 'android-id', platform: 'android', language: 'en', order: 'dmy', dateSep: '/', pad: true, yearDigits: 2, connector: ' ', timeSep: '.', seconds: false }),
  'android-ko': s({ name: 'android-ko', platform: 'android', language: 'en', order: 'ymd', dateSep: '. ', pad: false, yearDigits: 4, connector: ' ', seconds: false, dayPeriods: { words: ['오전', '오후'], position: 'before', space: ' ' } }),
  'android-zh': s({ name: 'android-zh', platform: 'android', language: 'en', order: 'ymd', dateSep: '/', pad: false, yearDigits: 4, connector: ' ', seconds: false, dayPeriods: { words: ['上午', '下午'], position: 'before', space: '' } }),
  'android-ar': s({ name: 'android-ar', platform: 'android', language: 'en', order: 'dmy', dateSep: '/', pad: false, yearDigits: 4, connector: '، ', seconds: false, digits: 'arabic', rtlMarks: true, dayPeriods: { words: ['ص', 'م'], position: 'after', space: ' ' } }),
  'android-fa': s({ name: 'android-fa', platform: 'android', language: 'en', order: 'ymd', dateSep: '/', pad: false, yearDigits: 4, connector: '، ', seconds: false, digits: 'persian' }),
  'android-th-buddhist': s({ name: 'android-th-buddhist', platform: 'android', language: 'en', order: 'dmy', dateSep: '/', pad: false, yearDigits: 4, connector: ' ', seconds: false, calendar: 'buddhist' }),
  'android-month-names': s({ name: 'android-month-names', platform: 'android', language: 'en', order: 'dmy', dateSep: ' ', pad: false, yearDigits: 4, connector: ', ', seconds: false, monthNames: true }),
  'android-legacy': s({ name: 'android-legacy', platform: 'android', language: 'en', order: 'dmy', dateSep: '/', pad: true, yearDigits: 4, connector: ' ', seconds: true, legacyColon: true }),
  'ios-en-us': s({ name: 'ios-en-us', platform: 'ios', language: 'en', order: 'mdy', dateSep: '/', pad: false, yearDigits: 2, connector: ', ', seconds: true, dayPeriods: { ...US_12H, words: ['AM', 'PM'] } }),
  'ios-en-gb': s({ name: 'ios-en-gb', platform: 'ios', language: 'en', order: 'dmy', dateSep: '/', pad: true, yearDigits: 4, connector: ', ', seconds: true }),
  'ios-de': s({ name: 'ios-de', platform: 'ios', language: 'de', order: 'dmy', dateSep: '.', pad: true, yearDigits: 2, connector: ', ', seconds: true }),
  'ios-fr': s({ name: 'ios-fr', platform: 'ios', language: 'fr', order: 'dmy', dateSep: '/', pad: true, yearDigits: 4, connector: ' ', seconds: true }),
  'ios-es': s({ name: 'ios-es', platform: 'ios', language: 'es', order: 'dmy', dateSep: '/', pad: false, yearDigits: 2, connector: ', ', seconds: true }),
  'ios-pt-br': s({ name: 'ios-pt-br', platform: 'ios', language: 'pt', order: 'dmy', dateSep: '/', pad: true, yearDigits: 4, connector: ' ', seconds: true }),
  'ios-vi-time-first': s({ name: 'ios-vi-time-first', platform: 'ios', language: 'en', order: 'mdy', dateSep: '/', pad: false, yearDigits: 2, connector: ', ', timeFirst: true, seconds: true }),
  'ios-ja-era': s({ name: 'ios-ja-era', platform: 'ios', language: 'en', order: 'ymd', dateSep: '/', pad: true, yearDigits: 2, connector: ' ', seconds: true, calendar: 'japanese' }),
  'ios-ko-12h': s({ name: 'ios-ko-12h', platform: 'ios', language: 'en', order: 'ymd', dateSep: '. ', pad: false, yearDigits: 4, connector: ' ', seconds: true, dayPeriods: { words: ['오전', '오후'], position: 'before', space: ' ' } }),
} satisfies Record<string, ExportStyle>;

export type StyleName = keyof typeof EXPORT_STYLES;
export const STYLE_NAMES = Object.keys(EXPORT_STYLES) as StyleName[];

// ---------------------------------------------------------------------------------------------------------
// Rendering

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LRM = '\u200e';
const RLM = '\u200f';

function digitsOf(style: ExportStyle, text: string): string {
  const zero = style.digits === 'arabic' ? 0x660 : style.digits === 'persian' ? 0x6f0 : 0;
  return zero === 0 ? text : text.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));
}

/** The header of a message at `at` (`YYYY-MM-DDTHH:MM:SS`), including the space before the author. */
export function renderHeader(style: ExportStyle, at: string): string {
  const [y, mo, d, h, mi, sec] = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/
    .exec(at)!
    .slice(1)
    .map(Number) as [number, number, number, number, number, number];
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const dm = (n: number) => (style.pad ? pad2(n) : String(n));
  let year: string;
  if (style.calendar === 'japanese') year = `R${y - 2018}`;
  else {
    const full = style.calendar === 'buddhist' ? y + 543 : y;
    year = style.yearDigits === 2 ? pad2(full % 100) : String(full);
  }
  let date: string;
  if (style.monthNames) date = `${d} ${MONTHS[mo - 1]} ${year}`;
  else {
    const parts =
      style.order === 'ymd'
        ? [year, dm(mo), dm(d)]
        : style.order === 'dmy'
          ? [dm(d), dm(mo), year]
          : [dm(mo), dm(d), year];
    const mark = style.rtlMarks ? RLM : '';
    date =
      parts.map((p, i) => (i < 2 ? p + mark : p)).join(style.dateSep) + (style.dateSep === '. ' ? '.' : '');
  }
  const tsep = style.timeSep ?? ':';
  const periods = style.dayPeriods;
  const hour = periods ? (h % 12 === 0 ? 12 : h % 12) : h;
  const clock = `${periods ? hour : pad2(hour)}${tsep}${pad2(mi)}${style.seconds ? `${tsep}${pad2(sec)}` : ''}`;
  let time = clock;
  if (periods) {
    const word = periods.words[h < 12 ? 0 : 1];
    time =
      periods.position === 'after' ? `${clock}${periods.space}${word}` : `${word}${periods.space}${clock}`;
  }
  const dateTime = digitsOf(
    style,
    style.timeFirst ? `${time}${style.connector}${date}` : `${date}${style.connector}${time}`,
  );
  if (style.platform === 'ios') return `[${dateTime}] `;
  return style.legacyColon ? `${dateTime}: ` : `${dateTime} - `;
}

const ANDROID_MEDIA_NAMES: Record<AttachableMedia, [string, string]> = {
  image: ['IMG', 'jpg'],
  video: ['VID', 'mp4'],
  audio: ['AUD', 'mp3'],
  voice: ['PTT', 'opus'],
  sticker: ['STK', 'webp'],
  gif: ['VID', 'gif'],
  document: ['DOC', 'pdf'],
  contact: ['', 'vcf'],
};
const IOS_MEDIA_NAMES: Record<AttachableMedia, [string, string]> = {
  image: ['PHOTO', 'jpg'],
  video: ['VIDEO', 'mp4'],
  audio: ['AUDIO', 'm4a'],
  voice: ['AUDIO', 'opus'],
  sticker: ['STICKER', 'webp'],
  gif: ['GIF', 'mp4'],
  document: ['', 'pdf'],
  contact: ['', 'vcf'],
};

/** The file name WhatsApp gives a media file of this message. */
export function mediaFileName(style: ExportStyle, m: Extract<ChatMessage, { kind: 'media' }>): string {
  const n = String(m.n);
  if (m.media === 'document') return `Report ${n}.pdf`;
  if (style.platform === 'android') {
    if (m.media === 'contact') return `Contact ${n}.vcf`;
    const [prefix, ext] = ANDROID_MEDIA_NAMES[m.media];
    return `${prefix}-${m.at.slice(0, 10).replaceAll('-', '')}-WA${n.padStart(4, '0')}.${ext}`;
  }
  if (m.media === 'contact') return `${n.padStart(8, '0')}-Contact ${n}.vcf`;
  const [word, ext] = IOS_MEDIA_NAMES[m.media];
  return `${n.padStart(8, '0')}-${word}-${m.at.replace('T', '-').replaceAll(':', '-')}.${ext}`;
}

/** How a name is written: `~ ` before names that are not contacts, bidi marks around phone numbers. */
function writtenName(style: ExportStyle, name: string): string {
  if (name.startsWith('+')) return `\u202a${name}\u202c`;
  if (name.startsWith('~'))
    return style.platform === 'ios' ? `~\u202f${name.slice(1)}` : `~ ${name.slice(1)}`;
  return name;
}

/** The name a generated author stands for (what the parser must return). */
export function displayName(name: string): string {
  return name.startsWith('~') ? name.slice(1) : name;
}

function pollLines(lang: Language, m: Extract<ChatMessage, { kind: 'poll' }>, mark: string): string[] {
  const [word, option] = lang.poll;
  return [
    `${mark}${word}:`,
    `${mark}${m.question}`,
    ...m.options.map(([text, n]) => `${mark}${option}: ${text} (${lang.votes(n)})`),
  ];
}

/** The lines of one message in a style, joined by `\n` (the first starts with the header). */
export function renderMessage(style: ExportStyle, m: ChatMessage, groupName = 'Friends'): string {
  const lang = LANGUAGES[style.language];
  const ios = style.platform === 'ios';
  const head = renderHeader(style, m.at);
  const mark = ios ? LRM : '';
  const from = (author: string, body: string) => `${head}${writtenName(style, author)}: ${body}`;
  switch (m.kind) {
    case 'text':
      return from(m.author, m.edited ? `${m.text} ${mark}${lang.edited}` : m.text);
    case 'deleted':
      return from(m.author, `${mark}${m.byMe ? lang.youDeleted : lang.deleted}`);
    case 'media': {
      const caption = m.caption ? `\n${m.caption}` : '';
      if (m.withFile) {
        const name = mediaFileName(style, m);
        return from(
          m.author,
          ios ? `${LRM}<${lang.iosAttached}: ${name}>${caption}` : `${name} (${lang.fileAttached})${caption}`,
        );
      }
      if (!ios) return from(m.author, lang.mediaOmitted);
      return from(m.author, `${LRM}${lang.iosOmitted[m.media === 'voice' ? 'audio' : m.media]}`);
    }
    case 'location':
      return from(m.author, `${mark}${lang.location}: https://maps.google.com/?q=${m.lat},${m.lon}`);
    case 'poll':
      return from(m.author, pollLines(lang, m, mark).join('\n'));
    case 'system': {
      const text = lang.system[m.event](writtenName(style, m.actor), m.other);
      return ios ? `${head}${groupName}: ${LRM}${text}` : `${head}${text}`;
    }
  }
}

/** What the parser must return for `m` exported in `style`. */
export function expectedMessage(style: ExportStyle, m: ChatMessage): ExpectedMessage {
  const lang = LANGUAGES[style.language];
  const at = style.seconds ? m.at : `${m.at.slice(0, 17)}00`;
  const base = { at, edited: false, attachment: null, subtype: null };
  switch (m.kind) {
    case 'text':
      return {
        ...base,
        author: displayName(m.author),
        text: m.text,
        kind: 'text',
        edited: m.edited === true,
      };
    case 'deleted':
      return {
        ...base,
        author: displayName(m.author),
        text: m.byMe ? lang.youDeleted : lang.deleted,
        kind: 'deleted',
      };
    case 'media': {
      const author = displayName(m.author);
      if (m.withFile) {
        const name = mediaFileName(style, m);
        return {
          ...base,
          author,
          kind: 'media',
          subtype: mediaTypeOf(name),
          attachment: name,
          text: m.caption ?? '',
        };
      }
      const subtype: MediaType =
        style.platform === 'android' ? 'other' : m.media === 'voice' ? 'audio' : m.media;
      return { ...base, author, kind: 'media', subtype, text: '' };
    }
    case 'location':
      return {
        ...base,
        author: displayName(m.author),
        kind: 'location',
        text: `${lang.location}: https://maps.google.com/?q=${m.lat},${m.lon}`,
      };
    case 'poll':
      return {
        ...base,
        author: displayName(m.author),
        kind: 'poll',
        text: pollLines(lang, m, '').join('\n'),
      };
    case 'system': {
      const written = lang.system[m.event](writtenName(style, m.actor), m.other);
      return {
        ...base,
        author: null,
        kind: 'system',
        subtype: m.event,
        text: written.replace(/[\u202a-\u202e\u200e\u200f]/g, ''),
      };
    }
  }
}

/** A whole export text. */
export function renderExport(style: ExportStyle, messages: Iterable<ChatMessage>, eol = '\n'): string {
  let out = '';
  for (const chunk of renderExportChunks(style, messages, eol)) out += chunk;
  return out;
}

/** The export text in pieces of about `chunkChars` characters, generated as they are consumed. */
export function* renderExportChunks(
  style: ExportStyle,
  messages: Iterable<ChatMessage>,
  eol = '\n',
  chunkChars = 1 << 16,
): Generator<string> {
  let buffer = '';
  for (const m of messages) {
    const text = renderMessage(style, m);
    buffer += (eol === '\n' ? text : text.replaceAll('\n', eol)) + eol;
    if (buffer.length >= chunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

// ---------------------------------------------------------------------------------------------------------
// Chats from a seed (benchmarks, big files)

/** A small deterministic PRNG (xorshift32): a seed always gives the same chat. */
export function random(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

const WORDS = (
  'the a to and I you it is that of in for on me my so what we be this have no yes ok okay lol haha ' +
  'good great love see tomorrow today tonight time now just really think know want going come home ' +
  'work dinner later sure thanks night morning call miss happy day week weekend back right maybe ' +
  'café über straße niño ação ça привет 你好 مرحبا שלום こんにちは 😂 ❤️ 👍 🙏 😊 🎉 👨‍👩‍👧'
).split(' ');

/** Continuation lines that begin like a date but are not a header in any style. */
export const DATE_LIKE_LINES = [
  '6.1.1, 6.1.2 till page 488',
  '12/3 at 10:00 works for me',
  '10:00 - meet at the station',
  '2022-01-02 was a great day',
  '1/2/2022 10:00 without a dash',
  '[1/2/22, 10:00:00 no closing bracket',
  '3. Punkt: nicht vergessen',
  '14:30, 15:00 or 16:30?',
];

export interface GenerateOptions {
  seed?: number;
  count: number;
  /** Author names (a leading `~` marks a non-contact), or how many to invent (2 = a private chat). */
  authors?: string[] | number;
  /** First message time (`YYYY-MM-DDTHH:MM:SS`, default 2022-01-01T08:00:00). */
  start?: string;
  /** Days the chat spans; messages come in bursts over it (default 730). */
  spanDays?: number;
  /** Share of media messages (default 0.05), and whether their files are in the export (default no). */
  media?: number;
  withFiles?: boolean;
  /** Share of system events (groups only), deleted, edited and multi-line messages. */
  system?: number;
  deleted?: number;
  edited?: number;
  multiline?: number;
}

/** Deterministic chat messages, generated lazily (a million messages never sit in memory). */
export function* generateMessages(options: GenerateOptions): Generator<ChatMessage> {
  const rnd = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const authors =
    typeof options.authors === 'object'
      ? options.authors
      : Array.from({ length: options.authors ?? 2 }, (_, i) => inventName(i));
  const group = authors.length > 2;
  const step = ((options.spanDays ?? 730) * 86_400) / Math.max(1, options.count);
  const media = options.media ?? 0.05;
  const system = group ? (options.system ?? 0.005) : 0;
  const deleted = options.deleted ?? 0.01;
  const edited = options.edited ?? 0.01;
  const multiline = options.multiline ?? 0.05;
  let t = parseWallClock(options.start ?? '2022-01-01T08:00:00');
  let n = 1;
  for (let i = 0; i < options.count; i++) {
    // Bursts with silences between: exponential gaps around the average step.
    t += Math.max(1, Math.round(-Math.log(1 - rnd()) * step));
    const at = formatWallClock(t);
    const author = pick(authors);
    const r = rnd();
    if (r < system) {
      yield { kind: 'system', at, event: pick(SYSTEM_EVENTS), actor: author, other: pick(authors) };
    } else if (r < system + media) {
      const withFile = options.withFiles ?? false;
      yield {
        kind: 'media',
        at,
        author,
        media: pick(['image', 'image', 'image', 'video', 'voice', 'sticker', 'document', 'audio'] as const),
        withFile,
        n: n++,
        ...(withFile && rnd() < 0.3 ? { caption: sentence(rnd, pick) } : {}),
      };
    } else if (r < system + media + deleted) {
      yield { kind: 'deleted', at, author, byMe: rnd() < 0.5 };
    } else {
      let text = sentence(rnd, pick);
      if (rnd() < multiline) {
        const lines = [text];
        for (let k = Math.floor(rnd() * 4); k >= 0; k--) {
          lines.push(rnd() < 0.2 ? pick(DATE_LIKE_LINES) : sentence(rnd, pick));
        }
        text = lines.join('\n');
      }
      yield { kind: 'text', at, author, text, ...(rnd() < edited ? { edited: true } : {}) };
    }
  }
}

function sentence(rnd: () => number, pick: <T>(list: readonly T[]) => T): string {
  const words: string[] = [];
  for (let k = 1 + Math.floor(rnd() * 12); k > 0; k--) words.push(pick(WORDS));
  return words.join(' ');
}

const FIRST_NAMES = [
  'Ana',
  'Bo',
  'Chidi',
  'Dana',
  'Émile',
  'Farah',
  'Gökhan',
  'Hana',
  'Ivan',
  'Jae-won',
  'Kai',
  'Lior',
];

function inventName(i: number): string {
  if (i % 7 === 5) return `+49 151 ${1_000_000 + i * 7919}`;
  if (i % 7 === 6) return `~${FIRST_NAMES[i % FIRST_NAMES.length]} ${i}`;
  return i < FIRST_NAMES.length ? FIRST_NAMES[i]! : `${FIRST_NAMES[i % FIRST_NAMES.length]} ${i}`;
}

// ---------------------------------------------------------------------------------------------------------
// fast-check arbitraries (property tests)

/** A display name: unicode, emoji, spaces inside, maybe a `~` (not a contact) or a phone number. */
export const authorArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'Ana',
    'Bo Li',
    'José María',
    'Zoë 🌸',
    '李小龍',
    'محمد',
    'Ørjan-Kåre',
    "D'Angelo",
    'Mom ❤️',
  ),
  fc
    .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÀéß李😀 -'), minLength: 1, maxLength: 14 })
    .map((name) => name.replace(/\s+/g, ' ').trim())
    .filter((name) => name.length > 0 && !name.startsWith('-')),
  fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+1 555 ${n}`),
  fc.constantFrom('~Kim', '~Sam Doe', '~ℒuna'),
);

const lineArbitrary: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 10 }).map((w) => w.join(' ')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...DATE_LIKE_LINES) },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .map((line) => line.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFEFF<>[\]]/gu, '').trim())
      .filter((line) => line.length > 0),
  },
);

/** A message body: one or more lines, some of which look like dates, blank ones only between others. */
export const textArbitrary: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 8, arbitrary: lineArbitrary }, { weight: 1, arbitrary: fc.constant('') }), {
    minLength: 1,
    maxLength: 5,
  })
  .filter((lines) => lines[0] !== '' && lines[lines.length - 1] !== '')
  .map((lines) => lines.join('\n'));

/** A chat of every kind of message, in time order (messages may share a minute). */
export function chatArbitrary(
  options: { minLength?: number; maxLength?: number; withFiles?: boolean } = {},
): fc.Arbitrary<ChatMessage[]> {
  return fc
    .record({
      authors: fc.uniqueArray(authorArbitrary, { minLength: 1, maxLength: 5, selector: displayName }),
      start: fc.integer({ min: parseWallClock('2020-01-01'), max: parseWallClock('2030-01-01') }),
      steps: fc.array(
        fc.record({
          gap: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 * 86_400 })),
          pick: fc.nat(),
          kind: fc.constantFrom(
            'text',
            'text',
            'text',
            'text',
            'deleted',
            'media',
            'location',
            'poll',
            'system',
          ),
          text: textArbitrary,
          flag: fc.boolean(),
          flag2: fc.boolean(),
          media: fc.constantFrom(...ATTACHABLE_MEDIA),
          event: fc.constantFrom(...SYSTEM_EVENTS),
          num: fc.integer({ min: 0, max: 99 }),
        }),
        { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 40 },
      ),
    })
    .map(({ authors, start, steps }) => {
      let t = start;
      return steps.map((step, i): ChatMessage => {
        t += step.gap;
        const at = formatWallClock(t);
        const author = authors[step.pick % authors.length]!;
        const firstLine = step.text.split('\n')[0]!;
        switch (step.kind) {
          case 'deleted':
            return { kind: 'deleted', at, author, byMe: step.flag };
          case 'media': {
            const withFile = options.withFiles ?? step.flag;
            return {
              kind: 'media',
              at,
              author,
              media: step.media,
              withFile,
              n: i + 1,
              ...(withFile && step.flag2 ? { caption: firstLine } : {}),
            };
          }
          case 'location':
            return { kind: 'location', at, author, lat: step.num / 7, lon: -step.num / 3 };
          case 'poll': {
            const option = Array.from(firstLine).slice(0, 5).join('').trim() || 'A';
            return {
              kind: 'poll',
              at,
              author,
              question: firstLine,
              options: [
                [option, step.num],
                ['B', 0],
              ],
            };
          }
          case 'system': {
            const other = authors[(step.pick + 1) % authors.length]!;
            return { kind: 'system', at, event: step.event, actor: author, other };
          }
          default:
            return {
              kind: 'text',
              at,
              author,
              text: step.text,
              ...(step.flag && step.flag2 ? { edited: true } : {}),
            };
        }
      });
    });
}
