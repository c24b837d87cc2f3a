/**
 * What WhatsApp writes instead of (or around) a message body, in the languages it exports in: media
 * placeholders, attachment markers, deleted and edited markers, locations, polls and system messages.
 * Bodies are compared after invisible marks are removed. A file can teach the scanner more (see
 * scanner.ts: placeholders and markers that recur in it).
 */
import type { MediaType, MessageKind, SystemType } from '../../../src-shared/messages';

export interface Classification {
  kind: MessageKind;
  subtype: MediaType | SystemType | null;
}

const media = (subtype: MediaType): Classification => ({ kind: 'media', subtype });
const system = (subtype: SystemType): Classification => ({ kind: 'system', subtype });
const DELETED: Classification = { kind: 'deleted', subtype: null };
const LOCATION: Classification = { kind: 'location', subtype: null };

/** Android: the whole body is one of these when media were left out of the export. */
const ANDROID_OMITTED = [
  '<Media omitted>', '<Medien ausgeschlossen>', '<Multimedia omitido>', '<Archivo multimedia omitido>',
  '<Mídia oculta>', '<Arquivo de mídia oculto>', '<Multimédia omitido>', '<Médias omis>', '<Média omis>',
  '<Media omessi>', '<Media weggelaten>', '<Без медиафайлов>', '<Медиафайлы пропущены>', '<Medya dahil edilmedi>',
  '<Media tidak disertakan>', '<Pominięto multimedia>', '<Multimedia pominięte>', '<تم استبعاد الوسائط>',
  '<الوسائط محذوفة>', '<رسانه حذف شد>', '<המדיה לא נכללה>', '<मीडिया छोड़ दिया गया>', '<メディアは含まれていません>',
  '<メディアなし>', '<미디어 파일 없음>', '<미디어 생략>', '<省略影音内容>', '<已忽略媒体>', '<媒体已省略>',
  '<Tập tin đa phương tiện đã bị bỏ qua>', '<Đã bỏ qua tệp phương tiện>', '<ไม่รวมสื่อ>', '<Media utelämnad>',
  '<Medier udeladt>', '<Media utelatt>', '<Media jätetty pois>', '<Média vynechána>', '<Média elhagyva>',
  '<Conținut media omis>', '<Медіа пропущено>', '<Παραλείφθηκαν πολυμέσα>', '<Media dikecualikan>',
  '<Multimèdia omès>', '<Media eliminada>',
]; // prettier-ignore

/** iOS: `‎image omitted` and its translations, by media type. */
const IOS_OMITTED: [MediaType, string[]][] = [
  ['image', ['image omitted', 'Bild weggelassen', 'imagen omitida', 'imagem ocultada', 'image absente', 'immagine omessa', 'afbeelding weggelaten', 'изображение отсутствует', 'görüntü dahil edilmedi', 'gambar tidak disertakan', 'pominięto obraz', 'تم استبعاد الصورة', 'תמונה הושמטה', '画像を省略', '이미지 생략됨', '图片已省略']],
  ['video', ['video omitted', 'Video weggelassen', 'video omitido', 'vídeo omitido', 'vidéo absente', 'video omesso', 'video weggelaten', 'видео отсутствует', 'video dahil edilmedi', 'video tidak disertakan', 'pominięto wideo', 'تم استبعاد الفيديو', 'סרטון הושמט', 'ビデオを省略', '동영상 생략됨', '视频已省略']],
  ['audio', ['audio omitted', 'Audio weggelassen', 'audio omitido', 'áudio ocultado', 'áudio omitido', 'audio omis', 'audio omesso', 'audio weggelaten', 'аудио отсутствует', 'ses dahil edilmedi', 'audio tidak disertakan', 'pominięto audio', 'تم استبعاد الصوت', 'אודיו הושמט', 'オーディオを省略', '오디오 생략됨', '音频已省略']],
  ['sticker', ['sticker omitted', 'Sticker weggelassen', 'sticker omitido', 'figurinha omitida', 'autocollant omis', 'sticker omesso', 'sticker weggelaten', 'стикер отсутствует', 'çıkartma dahil edilmedi', 'stiker tidak disertakan', 'pominięto naklejkę', 'تم استبعاد الملصق', 'ステッカーを省略', '스티커 생략됨', '贴图已省略']],
  ['gif', ['GIF omitted', 'GIF weggelassen', 'GIF omitido', 'GIF retiré', 'GIF omis', 'GIF omessa', 'GIF weggelaten', 'GIF отсутствует', 'GIF dahil edilmedi', 'GIF tidak disertakan', 'pominięto GIF']],
  ['contact', ['Contact card omitted', 'Kontaktkarte weggelassen', 'tarjeta de contacto omitida', 'cartão de contato omitido', 'fiche contact omise', 'scheda contatto omessa', 'contactkaart weggelaten', 'карточка контакта отсутствует', 'kişi kartı dahil edilmedi', 'kartu kontak tidak disertakan']],
  ['document', ['document omitted', 'Dokument weggelassen', 'documento omitido', 'document omis', 'documento omesso', 'document weggelaten', 'документ отсутствует', 'belge dahil edilmedi', 'dokumen tidak disertakan', 'pominięto dokument', 'تم استبعاد المستند', 'מסמך הושמט', 'ドキュメントを省略', '문서 생략됨', '文档已省略']],
  ['view-once', ['<View once voice message omitted>', 'view once image omitted', 'view once video omitted', 'view once voice message omitted']],
]; // prettier-ignore

/** A deleted message keeps these words as its text. */
const DELETED_TEXTS = [
  'This message was deleted', 'You deleted this message', 'Diese Nachricht wurde gelöscht',
  'Du hast diese Nachricht gelöscht', 'Se eliminó este mensaje', 'Eliminaste este mensaje', 'Este mensaje fue eliminado',
  'Mensagem apagada', 'Esta mensagem foi apagada', 'Você apagou esta mensagem', 'Apagou esta mensagem',
  'Ce message a été supprimé', 'Vous avez supprimé ce message', 'Questo messaggio è stato eliminato',
  'Hai eliminato questo messaggio', 'Dit bericht is verwijderd', 'Je hebt dit bericht verwijderd',
  'Данное сообщение удалено', 'Это сообщение удалено', 'Вы удалили данное сообщение', 'Вы удалили это сообщение',
  'Bu mesaj silindi', 'Bu mesajı sildiniz', 'Pesan ini telah dihapus', 'Anda menghapus pesan ini',
  'Ta wiadomość została usunięta', 'Usunięto tę wiadomość', 'Usunąłeś tę wiadomość', 'تم حذف هذه الرسالة',
  'لقد حذفت هذه الرسالة', 'این پیام حذف شد', 'הודעה זו נמחקה', 'מחקת הודעה זו', 'このメッセージは削除されました',
  'メッセージの送信を取り消しました', '삭제된 메시지입니다', '此消息已删除', '你删除了此消息', 'इस मैसेज को मिटा दिया गया',
  'Tin nhắn này đã bị xóa', 'Bạn đã xóa tin nhắn này', 'ข้อความนี้ถูกลบแล้ว',
]; // prettier-ignore

/** Missed calls written as a whole body (with or without an author). */
const MISSED_CALLS = [
  'Missed voice call', 'Missed video call', 'Missed group voice call', 'Missed group video call',
  'Verpasster Sprachanruf', 'Verpasster Videoanruf', 'Llamada perdida', 'Llamada de voz perdida',
  'Videollamada perdida', 'Chamada de voz perdida', 'Chamada de vídeo perdida', 'Appel vocal manqué',
  'Appel vidéo manqué', 'Chiamata vocale persa', 'Videochiamata persa', 'Gemiste spraakoproep',
  'Gemiste videogesprek', 'Пропущенный аудиозвонок', 'Пропущенный видеозвонок', 'Cevapsız sesli arama',
  'Cevapsız görüntülü arama', 'Panggilan suara tak terjawab', 'Panggilan video tak terjawab',
]; // prettier-ignore

/** Live locations (a plain location carries its maps link instead). */
const LIVE_LOCATIONS = [
  'live location shared', 'Live-Standort geteilt', 'ubicación en tiempo real compartida',
  'localização em tempo real compartilhada', 'position en direct partagée', 'posizione in tempo reale condivisa',
  'live locatie gedeeld', 'геоданные в реальном времени', 'canlı konum paylaşıldı', 'lokasi terkini dibagikan',
]; // prettier-ignore

/** Bodies that are wholly a marker, mapped to what they mean (variants with and without a final dot). */
export const EXACT_BODIES: ReadonlyMap<string, Classification> = (() => {
  const map = new Map<string, Classification>();
  const add = (text: string, c: Classification) => {
    map.set(text, c);
    map.set(text.endsWith('.') ? text.slice(0, -1) : `${text}.`, c);
  };
  for (const t of ANDROID_OMITTED) add(t, media('other'));
  for (const [type, texts] of IOS_OMITTED) for (const t of texts) add(t, media(type));
  for (const t of DELETED_TEXTS) add(t, DELETED);
  for (const t of MISSED_CALLS) add(t, system('missed-call'));
  for (const t of LIVE_LOCATIONS) add(t, LOCATION);
  return map;
})();

/** iOS documents: `‎report.pdf • ‎3 pages ‎document omitted` ends with the document word. */
export const DOCUMENT_OMITTED_SUFFIXES = IOS_OMITTED.find(([t]) => t === 'document')![1].map((t) => ` ${t}`);

/** Android: `IMG-20220101-WA0001.jpg (file attached)`. */
export const ATTACHED_PHRASES: ReadonlySet<string> = new Set([
  'file attached', 'Datei angehängt', 'archivo adjunto', 'fichier joint', 'arquivo anexado', 'ficheiro anexado',
  'file allegato', 'bestand bijgevoegd', 'файл добавлен', 'прикреплен файл', 'dosya ekli', 'file terlampir',
  'załączono plik', 'plik załączony', 'ملف مرفق', 'فایل پیوست شد', 'קובץ מצורף', 'फ़ाइल संलग्न है', 'ファイル添付',
  '파일 첨부됨', '附件', '文件已附加', 'tệp đính kèm', 'ไฟล์แนบ', 'fil bifogad', 'fil vedhæftet', 'fil vedlagt',
  'tiedosto liitetty', 'soubor připojen', 'fájl csatolva', 'fișier atașat', 'файл прикріплено', 'συνημμένο αρχείο',
  'fail dilampirkan',
]); // prettier-ignore

/** `<This message was edited>` at the end of an edited message's text. */
export const EDITED_MARKERS = [
  '<This message was edited>', '<Diese Nachricht wurde bearbeitet>', '<Se editó este mensaje>',
  '<Mensagem editada>', '<Esta mensagem foi editada>', '<Ce message a été modifié>',
  '<Questo messaggio è stato modificato>', '<Dit bericht is bewerkt>', '<Сообщение изменено>',
  '<Это сообщение изменено>', '<Bu mesaj düzenlendi>', '<Pesan ini diedit>', '<Wiadomość została edytowana>',
  '<Ta wiadomość została edytowana>', '<تم تعديل هذه الرسالة>', '<این پیام ویرایش شد>', '<הודעה זו נערכה>',
  '<このメッセージは編集されました>', '<메시지가 수정되었습니다>', '<此消息已编辑>', '<Tin nhắn này đã được chỉnh sửa>',
  '<ข้อความนี้ถูกแก้ไข>', '<Meddelandet har redigerats>', '<Denne besked er redigeret>', '<Denne meldingen ble redigert>',
  '<Tätä viestiä on muokattu>', '<Tato zpráva byla upravena>', '<Ezt az üzenetet szerkesztették>',
  '<Acest mesaj a fost editat>', '<Це повідомлення відредаговано>', '<Questo messaggio è stato editato>',
].flatMap((m) => [m, `${m.slice(0, -1)}.>`]); // prettier-ignore

/** A location: `location: https://maps.google.com/?q=…` (label translated) or the bare link. */
export const LOCATION_RE =
  /^(?:[\p{L}\p{M} -]{1,40}\s?: ?)?https:\/\/(?:maps\.google\.com\/\?q=|www\.google\.com\/maps|maps\.apple\.com\/|maps\.app\.goo\.gl\/|goo\.gl\/maps\/)\S*$/u;

/** A poll: `POLL:` then the question, then `OPTION: … (n votes)` lines (words translated, in capitals). */
export const POLL_HEAD_RE = /^\p{Lu}[\p{Lu}\p{M}]{2,}\s?:$/u;
export const POLL_OPTION_RE = /^\p{Lu}[\p{Lu}\p{M}]{2,}\s?: .*\(\s*\d+/mu;

/** Android attachment line: `name.ext (phrase)`. */
export const ANDROID_ATTACHMENT_RE = /^(.+?\.[\p{L}\p{N}]{1,8}) \(([^()]{2,40})\)$/u;
/** iOS attachment: `<attached: 00000042-PHOTO-2022-01-01-10-00-00.jpg>` (label translated). */
export const IOS_ATTACHMENT_RE = /^<[^<>:]{1,40}\s?:\s?([^<>]+?\.[\p{L}\p{N}]{1,8})>/u;

/** WhatsApp's own media file names: Android `IMG-20220101-WA0001.jpg`, iOS `00000042-PHOTO-…`. */
export const WA_FILE_NAME_RE =
  /^(?:[A-Z]{3}-\d{8}-WA\d+|\d{8}-[A-Z]+-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})\.\w+$/;

/** Kinds of system message, by words they contain (first rule that matches wins; quoted names removed). */
const SYSTEM_RULES: [SystemType, RegExp][] = [
  ['encryption', /end-to-end|ende-zu-ende|extremo a extremo|ponta a ponta|bout en bout|end-to-end|crittografat|versleuteld|сквозным шифрованием|uçtan uca|szyfrowan|cifrad|criptograf|سرتاسر|طرفين|מוצפנות|エンドツーエンド|端到端|종단간|mã hóa đầu cuối/iu],
  ['security-code-changed', /security code|sicherheitsnummer|código de seguridad|código de segurança|code de sécurité|codice di sicurezza|beveiligingscode|код безопасности|güvenlik kod|kode keamanan|kod zabezpieczeń|رمز الأمان|קוד האבטחה/iu],
  ['number-changed', /phone number|changed to \+|telefonnummer|nummer geändert|número de teléfono|número de telefone|numéro de téléphone|changé de numéro|numero di telefono|telefoonnummer|номер телефона|сменил|telefon numarası|nomor telepon|numer telefonu|رقم الهاتف/iu],
  ['disappearing-messages', /disappearing messages|selbstlöschende|mensajes temporales|mensagens temporárias|messages éphémères|messaggi effimeri|verdwijnende berichten|исчезающие|süreli mesaj|pesan sementara|znikające|الرسائل المؤقتة/iu],
  ['missed-call', /missed (?:voice|video|group)|verpasste|llamada (?:de voz |de video )?perdida|videollamada perdida|chamada (?:de voz |de vídeo )?perdida|appel (?:vocal |vidéo )?manqué|chiamata (?:vocale )?persa|videochiamata persa|gemiste|пропущенный|cevapsız|tak terjawab|nieodebran|مكالمة فائتة/iu],
  ['description-changed', /description|beschreibung|descripción|descrição|descrizione|beschrijving|описание|açıklama|deskripsi|opis grupy|الوصف/iu],
  ['icon-changed', /icon|group photo|gruppenbild|ícono|icono|imagen del grupo|imagem d|l'icône|photo du groupe|immagine|groepsafbeelding|groepsicoon|изображение группы|значок|фото группы|simge|ikon|zdjęcie grupy|صورة المجموعة/iu],
  ['renamed', /subject|group name|betreff|gruppennamen|asunto|nombre del grupo|assunto|nome do grupo|sujet|nom du groupe|oggetto|nome del gruppo|groepsnaam|onderwerp|тему|название группы|konu|grup adı|subjek|nama grup|temat|nazwę grupy|اسم المجموعة/iu],
  ['settings-changed', /settings|einstellungen|ajustes|configuraci|configura[çc]|paramètres|impostazioni|instellingen|настройки|ayarlar|setelan|pengaturan|ustawienia|الإعدادات/iu],
  ['admin-changed', /admin|адмін|админ|yönetici|مشرف/iu],
  ['created', /\bcreated\b|erstellt|creó|creaste|criou|a créé|avez créé|ha creato|hai creato|aangemaakt|создал|oluşturdu|membuat grup|utworzył|أنشأ/iu],
  ['joined', /\bjoined\b|beigetreten|se unió|entrou|a rejoint|si è unit|lid geworden|присоединил|katıldı|bergabung|dołączył|انضم/iu],
  ['added', /\badded\b|\bwere added\b|hinzugefügt|añadió|añadiste|agregó|adicionou|a ajouté|ha aggiunto|toegevoegd|добавил|ekledi|menambahkan|dodał|أضاف/iu],
  ['removed', /\bremoved\b|entfernt|eliminó|removeu|a retiré|ha rimosso|verwijderd|удалил|çıkardı|mengeluarkan|usunął|أزال/iu],
  ['left', /\bleft\b|verlassen|salió|saliste|saiu|est parti|a quitté|è uscit|vertrokken|вышел|ayrıldı|keluar|opuścił|غادر/iu],
]; // prettier-ignore

const QUOTED_RE = /["“„«「『][^"”“»」』]*["”“»」』]/gu;

/** The kind of a system message from its text. */
export function systemTypeOf(text: string): SystemType {
  const bare = text.replace(QUOTED_RE, '""');
  for (const [type, re] of SYSTEM_RULES) if (re.test(bare)) return type;
  return 'other';
}

/** Quotes that never stand in a display name but do in system messages quoting a group name. */
export const QUOTE_RE = /["“”„«»「」]/;
