/**
 * Words of dates and times in the languages phones export in: the day periods of 12-hour clocks and month
 * names (lower case, abbreviations without their dot). Generated once from the ICU data of Node 20
 * (Intl.DateTimeFormat, Gregorian calendar, for the ~80 languages WhatsApp is available in) and completed
 * with spellings exports use that ICU lacks (`a. m.`, `오전`, `vorm.`, …); kept as data so that starting an
 * import costs nothing (building them from Intl takes a third of a second).
 */
import { normalizeWords } from './chars';

export interface DayPeriodWord {
  /** Lower case, spaces normalized. */
  text: string;
  pm: boolean;
}

// prettier-ignore
const AM_WORDS = [
  'ก่อนเที่ยง', 'priešpiet', 'पूर्वाह्न', 'priekšp.', 'ກ່ອນທ່ຽງ', 'претпл.', 'a. m.', 'vorm.', 'နံနက်',
  'පෙ.ව.', 'a.m.', 'ق.ظ.', 'π.μ.', 'dop.', 'p.d.', 'f.h.', 'r.n.', 'a.m', 'ق.ظ', 'de.', 'ap.', 'vm.', 'ጥዋት',
  'am', '午前', '上午', '오전', 'sa', 'öö', 'fm', 'pg', 'дп', 'to', 'ص',
];
// prettier-ignore
const PM_WORDS = [
  'หลังเที่ยง', 'ຫຼັງທ່ຽງ', 'अपराह्न', 'nachm.', 'popiet', 'p. m.', 'попл.', 'pēcp.', 'p.m.', 'ب.ظ.', 'μ.μ.',
  'odp.', 'pop.', 'm.d.', 'e.h.', 'i.n.', 'ከሰዓት', 'ප.ව.', 'p.m', 'ب.ظ', 'ptg', 'du.', 'ip.', 'nm.', 'ညနေ',
  'pm', '午後', '下午', '오후', 'ch', 'ös', 'em', 'пп', 'tk', 'م',
];

/** Every known day-period word, longest first (so `a. m.` wins over `a`). */
export const DAY_PERIOD_WORDS: readonly DayPeriodWord[] = [
  ...AM_WORDS.map((text) => ({ text, pm: false })),
  ...PM_WORDS.map((text) => ({ text, pm: true })),
].sort((a, b) => b.text.length - a.text.length);

/** Month names and abbreviations by month (`|`-separated); where languages disagree, the first wins. */
const MONTH_NAMES = [
  'january|jan|enero|ene|janeiro|janvier|janv|januar|gennaio|gen|januari|январь|января|янв|ocak|oca|styczeń|stycznia|sty|січень|січня|січ|يناير|ژانویه|جنوری|ינואר|ינו׳|जनवरी|जन॰|জানুয়ারি|জানু|जानेवारी|जाने|ஜனவரி|ஜன|జనవరి|జన|ಜನವರಿ|ಜನ|ജനുവരി|ജനു|જાન્યુઆરી|જાન્યુ|ਜਨਵਰੀ|ਜਨ|一月|มกราคม|ม.ค|ιανουαρίου|ιαν|január|leden|ledna|led|januára|ianuarie|ian|януари|siječanj|siječnja|sij|јануар|јан|јануари|janar|tammikuu|tammikuuta|tammi|jaanuar|jaan|janvāris|sausis|sausio|janúar|eanáir|ean|gener|de gener|de gen|xaneiro|xan|urtarrila|urt|januarie|januwari|ጃንዋሪ|ጃን|yanvar|yan|қаңтар|қаң|იანვარი|იან|հունվար|հունվարի|հնվ|មករា|ມັງກອນ|ມ.ກ|ဇန်နဝါရီ|ဇန်|දුරුතු',
  'february|feb|febrero|fevereiro|fev|février|févr|februar|febbraio|februari|февраль|февраля|февр|şubat|şub|luty|lutego|lut|лютий|лютого|лют|فبراير|فوریه|فروری|פברואר|פבר׳|फ़रवरी|फ़र॰|ফেব্রুয়ারি|ফেব|फेब्रुवारी|फेब्रु|பிப்ரவரி|பிப்|ఫిబ్రవరి|ఫిబ్ర|ಫೆಬ್ರವರಿ|ಫೆಬ್ರ|ഫെബ്രുവരി|ഫെബ്രു|ફેબ્રુઆરી|ફેબ્રુ|ਫ਼ਰਵਰੀ|ਫ਼ਰ|二月|กุมภาพันธ์|ก.พ|pebrero|peb|φεβρουαρίου|φεβ|február|febr|únor|února|úno|februára|februarie|февруари|veljača|veljače|velj|фебруар|феб|фев|shkurt|shk|helmikuu|helmikuuta|helmi|veebruar|veebr|februāris|vasaris|vasario|febrúar|feabhra|feabh|febrer|de febrer|de febr|febreiro|otsaila|ots|februwari|ፌብሩዋሪ|ፌብ|fevral|ақпан|ақп|თებერვალი|თებ|փետրվար|փետրվարի|փտվ|កុម្ភៈ|ກຸມພາ|ກ.ພ|ဖေဖော်ဝါရီ|ဖေ|फेब्रुअरी|නවම්',
  'march|mar|marzo|março|mars|märz|mär|maart|mrt|март|марта|мар|mart|maret|mac|marzec|marca|березень|березня|бер|مارس|مارچ|מרץ|मार्च|মার্চ|மார்ச்|மார்|మార్చి|ಮಾರ್ಚ್|മാർച്ച്|മാർ|માર્ચ|ਮਾਰਚ|三月|มีนาคม|มี.ค|marso|μαρτίου|μαρ|március|márc|březen|března|bře|marec|martie|ožujak|ožujka|ožu|marts|maaliskuu|maaliskuuta|maalis|märts|kovas|kovo|márta|març|de març|martxoa|machi|mashi|mas|ማርች|наурыз|нау|მარტი|მარ|մարտ|մարտի|մրտ|មីនា|ມີນາ|ມ.ນ|မတ်|මැදින්',
  'april|apr|abril|abr|avril|avr|aprile|апрель|апреля|апр|nisan|nis|kwiecień|kwietnia|kwi|квітень|квітня|квіт|أبريل|آوریل|اپریل|אפריל|אפר׳|अप्रैल|এপ্রিল|এপ্রি|एप्रिल|एप्रि|ஏப்ரல்|ஏப்|ఏప్రిల్|ఏప్రి|ಏಪ್ರಿಲ್|ಏಪ್ರಿ|ഏപ്രിൽ|ഏപ്രി|એપ્રિલ|ਅਪ੍ਰੈਲ|ਅਪ੍ਰੈ|四月|เมษายน|เม.ย|απριλίου|απρ|április|ápr|duben|dubna|dub|apríl|apríla|aprilie|април|travanj|travnja|tra|prill|pri|huhtikuu|huhtikuuta|huhti|aprill|aprīlis|balandis|balandžio|aibreán|aib|d’abril|d’abr|apirila|api|aprili|ephreli|eph|ኤፕሪል|ኤፕሪ|aprel|сәуір|сәу|აპრილი|აპრ|ապրիլ|ապրիլի|ապր|មេសា|ເມສາ|ມ.ສ|ဧပြီ|ဧ|अप्रिल|බක්',
  'may|mayo|maio|mai|maggio|mag|mei|май|мая|mayıs|maj|maja|травень|травня|трав|مايو|مه|مئی|מאי|मई|মে|मे|மே|మే|ಮೇ|മേയ്|મે|ਮਈ|五月|พฤษภาคม|พ.ค|μαΐου|μαΐ|május|máj|květen|května|kvě|mája|svibanj|svibnja|svi|мај|toukokuu|toukokuuta|touko|maijs|gegužė|gegužės|maí|bealtaine|beal|maig|de maig|maiatza|meyi|mey|ሜይ|мамыр|мам|მაისი|მაი|մայիս|մայիսի|մյս|ឧសភា|ພຶດສະພາ|ພ.ພ|မေ|වෙසක්',
  'june|jun|junio|junho|juin|juni|giugno|giu|июнь|июня|июн|haziran|haz|czerwiec|czerwca|cze|червень|червня|черв|يونيو|ژوئن|جون|יוני|जून|জুন|ஜூன்|జూన్|ಜೂನ್|ജൂൺ|જૂન|ਜੂਨ|六月|มิถุนายน|มิ.ย|hunyo|hun|ιουνίου|ιουν|június|jún|červen|června|čvn|júna|iunie|iun|юни|lipanj|lipnja|јун|junij|јуни|qershor|qer|kesäkuu|kesäkuuta|kesä|juuni|jūnijs|jūn|birželis|birželio|júní|meitheamh|meith|juny|de juny|xuño|ekaina|eka|junie|ጁን|iyun|iyn|маусым|мау|ივნისი|ივნ|հունիս|հունիսի|հնս|មិថុនា|ມິຖຸນາ|ມິ.ຖ|ဇွန်|जुन|පොසොන්',
  'july|jul|julio|julho|juillet|juil|juill|juli|luglio|lug|июль|июля|июл|temmuz|tem|julai|lipiec|lipca|lip|липень|липня|лип|يوليو|ژوئیه|جولائی|יולי|जुलाई|जुल॰|জুলাই|জুল|जुलै|ஜூலை|జులై|ಜುಲೈ|ജൂലൈ|જુલાઈ|ਜੁਲਾਈ|ਜੁਲਾ|七月|กรกฎาคม|ก.ค|hulyo|hul|ιουλίου|ιουλ|július|júl|červenec|července|čvc|júla|iulie|iul|юли|srpanj|srpnja|јул|julij|јули|korrik|korr|heinäkuu|heinäkuuta|heinä|juuli|jūlijs|jūl|liepa|liepos|júlí|iúil|juliol|de juliol|de jul|xullo|xul|uztaila|uzt|julie|julayi|ጁላይ|iyul|iyl|шілде|шіл|ივლისი|ივლ|հուլիս|հուլիսի|հլս|កក្កដា|ກໍລະກົດ|ກ.ລ|ဇူလိုင်|ဇူ|ඇසළ',
  'august|aug|agosto|ago|août|augustus|август|августа|авг|ağustos|ağu|agustus|agu|ogos|ogo|sierpień|sierpnia|sie|серпень|серпня|серп|أغسطس|اوت|اگست|אוגוסט|אוג׳|अगस्त|अग॰|আগস্ট|আগ|ऑगस्ट|ऑग|ஆகஸ்ட்|ஆக|ఆగస్టు|ఆగ|ಆಗಸ್ಟ್|ಆಗ|ഓഗസ്റ്റ്|ഓഗ|ઑગસ્ટ|ਅਗਸਤ|ਅਗ|八月|สิงหาคม|ส.ค|αυγούστου|αυγ|augusztus|srpen|srpna|srp|augusta|kolovoz|kolovoza|kol|avgust|avg|gusht|gush|augusti|elokuu|elokuuta|elo|augusts|rugpjūtis|rugpjūčio|ágúst|ágú|lúnasa|lún|agost|d’agost|ag|d’ag|abuztua|abu|agosti|agasti|aga|ኦገስት|ኦገስ|avqust|avq|тамыз|там|აგვისტო|აგვ|օգոստոս|օգոստոսի|օգս|សីហា|ສິງຫາ|ສ.ຫ|ဩဂုတ်|ဩ|अगस्ट|නිකිණි',
  'september|sep|sept|septiembre|setembro|set|septembre|settembre|сентябрь|сентября|сент|eylül|eyl|wrzesień|września|wrz|вересень|вересня|вер|سبتمبر|سپتامبر|ستمبر|ספטמבר|ספט׳|सितंबर|सित॰|সেপ্টেম্বর|সেপ্ট|সেপ|सप्टेंबर|सप्टें|செப்டம்பர்|செப்|సెప్టెంబర్|సెప్టెం|ಸೆಪ್ಟೆಂಬರ್|ಸೆಪ್ಟೆಂ|സെപ്റ്റംബർ|സെപ്റ്റം|સપ્ટેમ્બર|સપ્ટે|ਸਤੰਬਰ|ਸਤੰ|九月|กันยายน|ก.ย|setyembre|σεπτεμβρίου|σεπ|szeptember|szept|září|zář|septembra|septembrie|септември|rujan|rujna|ruj|септембар|сеп|septembar|shtator|sht|syyskuu|syyskuuta|syys|septembris|rugsėjis|rugsėjo|meán fómhair|mfómh|setembre|de setembre|de set|iraila|ira|septemba|septhemba|ሴፕቴምበር|ሴፕቴ|sentyabr|sen|қыркүйек|қыр|sentabr|სექტემბერი|სექ|սեպտեմբեր|սեպտեմբերի|սեպ|កញ្ញា|ກັນຍາ|ກ.ຍ|စက်တင်ဘာ|စက်|सेप्टेम्बर|බිනර',
  'october|oct|octubre|outubro|out|octobre|oktober|okt|ottobre|ott|октябрь|октября|окт|ekim|eki|październik|października|paź|жовтень|жовтня|жовт|أكتوبر|اکتبر|اکتوبر|אוקטובר|אוק׳|अक्टूबर|अक्टू॰|অক্টোবর|অক্টো|ऑक्टोबर|ऑक्टो|அக்டோபர்|அக்|అక్టోబర్|అక్టో|ಅಕ್ಟೋಬರ್|ಅಕ್ಟೋ|ഒക്‌ടോബർ|ഒക്ടോ|ઑક્ટોબર|ઑક્ટો|ਅਕਤੂਬਰ|ਅਕਤੂ|十月|ตุลาคม|ต.ค|oktubre|οκτωβρίου|οκτ|október|říjen|října|říj|októbra|octombrie|октомври|октобар|oktobar|tetor|tet|lokakuu|lokakuuta|loka|oktoober|oktobris|spalis|spalio|deireadh fómhair|dfómh|d’octubre|d’oct|urria|urr|oktoba|okthoba|ኦክቶበር|ኦክቶ|oktyabr|қазан|қаз|oktabr|ოქტომბერი|ოქტ|հոկտեմբեր|հոկտեմբերի|հոկ|តុលា|ຕຸລາ|ຕ.ລ|အောက်တိုဘာ|အောက်|अक्टोबर|වප්',
  'november|nov|noviembre|novembro|novembre|ноябрь|ноября|нояб|kasım|kas|listopad|listopada|lis|листопад|листопада|лист|نوفمبر|نوامبر|نومبر|נובמבר|נוב׳|नवंबर|नव॰|নভেম্বর|নভে|नोव्हेंबर|नोव्हें|நவம்பர்|நவ|నవంబర్|నవం|ನವೆಂಬರ್|ನವೆಂ|നവംബർ|നവം|નવેમ્બર|નવે|ਨਵੰਬਰ|ਨਵੰ|十一月|พฤศจิกายน|พ.ย|nobyembre|nob|νοεμβρίου|νοε|listopadu|novembra|noiembrie|ноември|studeni|studenoga|stu|новембар|нов|novembar|ное|nëntor|nën|marraskuu|marraskuuta|marras|novembris|lapkritis|lapkričio|nóvember|nóv|samhain|samh|de novembre|de nov|azaroa|aza|novemba|ኖቬምበር|ኖቬም|noyabr|noy|қараша|қар|ნოემბერი|ნოე|նոյեմբեր|նոյեմբերի|նոյ|វិច្ឆិកា|ພະຈິກ|ພ.ຈ|နိုဝင်ဘာ|နို|नोभेम्बर|ඉල්',
  'december|dec|diciembre|dic|dezembro|dez|décembre|déc|dezember|dicembre|декабрь|декабря|дек|aralık|ara|desember|des|disember|dis|grudzień|grudnia|gru|грудень|грудня|груд|ديسمبر|دسامبر|دسمبر|דצמבר|דצמ׳|दिसंबर|दिस॰|ডিসেম্বর|ডিসে|डिसेंबर|डिसें|டிசம்பர்|டிச|డిసెంబర్|డిసెం|ಡಿಸೆಂಬರ್|ಡಿಸೆಂ|ഡിസംബർ|ഡിസം|ડિસેમ્બર|ડિસે|ਦਸੰਬਰ|ਦਸੰ|十二月|ธันวาคม|ธ.ค|disyembre|δεκεμβρίου|δεκ|prosinec|prosince|pro|decembra|decembrie|декември|prosinac|prosinca|децембар|дец|decembar|dhjetor|dhj|joulukuu|joulukuuta|joulu|detsember|dets|decembris|gruodis|gruodžio|nollaig|noll|desembre|de desembre|de des|decembro|abendua|abe|desemba|disemba|ዲሴምበር|ዲሴም|dekabr|dek|желтоқсан|жел|დეკემბერი|დეკ|դեկտեմբեր|դեկտեմբերի|դեկ|ធ្នូ|ທັນວາ|ທ.ວ|ဒီဇင်ဘာ|ဒီ|डिसेम्बर|උඳුවප්',
];

let monthNames: Map<string, number> | null = null;

/** Month name or abbreviation (as `monthKey` gives it) → 1–12. */
export function monthNameMap(): Map<string, number> {
  if (monthNames) return monthNames;
  monthNames = new Map();
  MONTH_NAMES.forEach((names, i) => {
    for (const name of names.split('|')) if (!monthNames!.has(name)) monthNames!.set(name, i + 1);
  });
  return monthNames;
}

/** The form month names are looked up in. */
export function monthKey(word: string): string {
  return normalizeWords(word).toLowerCase().replace(/\.$/, '');
}
