/**
 * The chat's title from the export's file name, which WhatsApp writes in the phone's language:
 * `WhatsApp Chat with Alex.txt`, `WhatsApp-Chat mit Alex.zip`, `WhatsApp Chat - Alex.zip` (iOS), …
 */

/** The name is the first capture. */
const TITLE_PATTERNS: RegExp[] = [
  /^WhatsApp Chat - (.+)$/i, // iOS, every language
  /^WhatsApp[- ]Chat (?:with|mit|met|med) (.+)$/i, // en, de, nl, da, nb
  /^WhatsApp-chatt med (.+)$/i, // sv
  /^Chat de WhatsApp con (.+)$/i, // es
  /^Conversa do WhatsApp com (.+)$/i, // pt
  /^Discussion WhatsApp avec (.+)$/i, // fr
  /^Chat (?:di )?WhatsApp con (.+)$/i, // it
  /^Чат WhatsApp (?:с|з) (.+)$/i, // ru, uk
  /^(.+) ile WhatsApp Sohbeti$/i, // tr
  /^(?:Chat|Sembang) WhatsApp dengan (.+)$/i, // id, ms
  /^Czat WhatsApp z (.+)$/i, // pl
  /^(?:Chat|Konverzace) WhatsApp s (.+)$/i, // cs, sk
  /^Conversație WhatsApp cu (.+)$/i, // ro
  /^Συνομιλία WhatsApp με (.+)$/i, // el
  /^دردشة (?:WhatsApp|واتساب) مع (.+)$/, // ar
  /^צ'אט WhatsApp עם (.+)$/, // he
  /^Đoạn chat WhatsApp với (.+)$/i, // vi
  /^WhatsApp-keskustelu: (.+)$/i, // fi
  // Any other language: "…WhatsApp… <with> NAME".
  /^\S*(?:\s\S+)?\s?WhatsApp\S*(?:\s\S+)?\s(?:with|con|mit|com|avec|met|med|с|з|dengan|z|s|cu|με|مع|עם|với)\s(.+)$/iu,
];

/** The title a file name gives the chat, or null (the caller falls back to the participants). */
export function titleFromFileName(fileName: string): string | null {
  let name = fileName.replace(/^.*[\\/]/, '').normalize('NFC');
  name = name.replace(/\.(txt|zip)$/i, '');
  // Copies saved twice: `… (1)`, `…(2)`.
  for (let prev = ''; prev !== name;) {
    prev = name;
    name = name.replace(/\s*\(\d{1,3}\)$/, '').trim();
  }
  for (const pattern of TITLE_PATTERNS) {
    const match = pattern.exec(name);
    const title = match?.[1]?.trim();
    if (title) return title;
  }
  return null;
}
