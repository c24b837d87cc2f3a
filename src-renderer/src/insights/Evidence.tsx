/** A quote an insight rests on: the chat's own words, a click away from the message in the Messages view. */
import type { EvidenceView } from '../../../src-shared/insights/types';
import { fmtDateTime } from '../lib/format';
import { chatPath } from '../lib/router';

export function Quotes({
  chatId,
  evidence,
}: {
  chatId: number;
  evidence: readonly EvidenceView[] | undefined;
}) {
  if (!evidence || evidence.length === 0) return null;
  return (
    <ul className="ins-quotes">
      {evidence.map((e) => (
        <li key={`${e.messageId}-${e.quote}`}>
          <a
            href={`#${chatPath(chatId, 'messages', `seq=${e.seq}`)}`}
            title="Open this message in the chat"
            data-testid="evidence"
          >
            <q>{e.quote}</q>
            <span className="ins-quote-meta">
              {e.author ?? 'System'} · {fmtDateTime(e.at)}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
