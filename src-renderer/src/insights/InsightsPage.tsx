/**
 * The Insights tab of a chat: pick a category (price and contents), see exactly what would be sent, unlock
 * with coins or your own Gemini key, watch six insights generate side by side, read them with their
 * quotes (each opens its message), retry the failed ones, export everything to Markdown.
 */
import { useState } from 'react';
import type { ChatSummary } from '../../../src-shared/api/library';
import { CATEGORIES, type CategoryId, type InsightCategory } from '../../../src-shared/insights/catalog';
import type {
  InsightProgress,
  InsightView,
  JobView,
  PaymentMode,
  Preview,
} from '../../../src-shared/insights/types';
import { CoinsAvailable } from '../account/CoinsAvailable';
import { Icon } from '../components/Icon';
import { ErrorState, Loading } from '../components/States';
import { call, useApiEvent } from '../lib/api';
import { fmtInt } from '../lib/format';
import { useAction } from '../lib/use-action';
import { useAsync } from '../lib/use-async';
import { InsightBody } from './renderers';
import './insights.css';

const STATUS_LABEL: Record<InsightView['status'], string> = {
  pending: 'Waiting',
  running: 'Generating…',
  completed: 'Ready',
  failed: 'Failed',
};

const JOB_LABEL: Record<JobView['status'], string> = {
  draft: 'Not unlocked',
  running: 'Generating',
  completed: 'Unlocked',
  partial: 'Partly generated',
  failed: 'Generation failed',
  cancelled: 'Cancelled',
};

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function CategoryPicker(props: {
  selected: CategoryId;
  onSelect: (id: CategoryId) => void;
  unlocked: Set<string>;
}) {
  return (
    <div className="ins-categories" role="tablist" aria-label="Insight categories">
      {CATEGORIES.map((c) => (
        <button
          key={c.id}
          role="tab"
          aria-selected={props.selected === c.id}
          className="ins-category"
          onClick={() => props.onSelect(c.id)}
          data-testid={`category-${c.id}`}
        >
          <span className="ins-category-title">{c.title}</span>
          <span className="ins-category-meta">
            {props.unlocked.has(c.id) ? (
              <>
                <Icon name="check" size={14} /> unlocked
              </>
            ) : (
              `${fmtInt(c.price)} coins · 6 insights`
            )}
          </span>
        </button>
      ))}
    </div>
  );
}

function PreviewView({ preview }: { preview: Preview }) {
  return (
    <div className="ins-preview" data-testid="preview">
      <p className="ins-muted">
        This is exactly what would be sent to Gemini, one request per insight (about {fmtInt(preview.tokens)}{' '}
        tokens in all; excerpts chosen by {preview.retrieval === 'semantic' ? 'meaning' : 'words'}). Names are
        replaced — {preview.legend.map((l) => `${l.pseudonym} is ${l.name}`).join(', ')} (this key stays on
        your computer) — and phone numbers, e-mail addresses and links are hidden.
      </p>
      {preview.insights.map((i) => (
        <details key={i.type} className="ins-preview-item">
          <summary>
            {i.title}{' '}
            <span className="ins-muted">
              · {fmtInt(i.messages)} messages · ~{fmtInt(i.tokens)} tokens
            </span>
          </summary>
          <pre>{`${i.instructions}\n\n${i.text}`}</pre>
        </details>
      ))}
    </div>
  );
}

function UnlockPanel(props: {
  chat: ChatSummary;
  category: InsightCategory;
  onStarted: (job: JobView) => void;
  again: boolean;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const { busy, doing, error, run } = useAction<'preview' | PaymentMode>();
  const { chat, category } = props;

  const showPreview = () =>
    run(async () => {
      setPreview(
        await call('insights-preview', { chatId: chat.id, category: category.id, refresh: props.again }),
      );
    }, 'preview');
  const unlock = (payment: PaymentMode) =>
    run(async () => {
      const job = await call('insights-unlock', {
        chatId: chat.id,
        category: category.id,
        payment,
        ...(preview ? { jobId: preview.jobId } : {}),
      });
      props.onStarted(job);
    }, payment);

  return (
    <section className="card ins-unlock" aria-labelledby="ins-unlock-title">
      <div className="ins-unlock-head">
        <div>
          <h2 id="ins-unlock-title">{category.title}</h2>
          <p className="ins-muted">{category.description}</p>
        </div>
        <div className="ins-price">
          <strong>{fmtInt(category.price)}</strong> coins
          <CoinsAvailable price={category.price} />
        </div>
      </div>
      <ul className="ins-contents">
        {category.types.map((t) => (
          <li key={t.id}>
            <Icon name="sparkle" size={16} />
            <div>
              <strong>{t.title}</strong>
              <span className="ins-muted">{t.description}</span>
            </div>
          </li>
        ))}
      </ul>
      <p className="ins-muted ins-privacy">
        Only excerpts chosen for each insight are sent, with names replaced by “Person A”, “Person B”… and
        phone numbers, e-mails and links hidden. You can read them first. Coins pay only for insights that
        succeed.
      </p>
      {error ? (
        <div className="notice error" role="alert">
          {error.message}
          {error.code === 'gemini-not-configured' || error.code === 'not-signed-in' ? (
            <>
              {' '}
              <a href="#/settings">Open the settings</a>
            </>
          ) : null}
        </div>
      ) : null}
      <div className="ins-actions">
        <button className="btn" onClick={showPreview} disabled={busy} data-testid="preview-button">
          {doing === 'preview' ? 'Preparing…' : preview ? 'Prepare again' : 'See what will be sent'}
        </button>
        <span className="ins-spacer" />
        <button
          className="btn"
          onClick={() => unlock('own-key')}
          disabled={busy}
          data-testid="unlock-own-key"
        >
          {doing === 'own-key' ? 'Starting…' : 'Use my Gemini key'}
        </button>
        <button
          className="btn primary"
          onClick={() => unlock('credits')}
          disabled={busy}
          data-testid="unlock-coins"
        >
          {doing === 'credits' ? 'Reserving…' : `Unlock for ${fmtInt(category.price)} coins`}
        </button>
      </div>
      {preview ? <PreviewView preview={preview} /> : null}
    </section>
  );
}

function InsightCard(props: {
  insight: InsightView;
  chat: ChatSummary;
  progress: InsightProgress | undefined;
  expected: number | null;
}) {
  const { insight } = props;
  const retrying = props.progress?.insightId === insight.id && props.progress.phase === 'retrying';
  return (
    <article
      className={`card ins-card ${insight.status}`}
      data-testid={`insight-${insight.type}`}
      aria-busy={insight.status === 'running'}
    >
      <header className="ins-card-head">
        <h3>{insight.title}</h3>
        <span className={`ins-badge ${insight.status}`} data-testid="insight-status">
          {retrying ? `Retrying (attempt ${props.progress?.attempt})` : STATUS_LABEL[insight.status]}
        </span>
      </header>
      {insight.status === 'running' || insight.status === 'pending' ? (
        <>
          <div className={`progress${insight.status === 'pending' ? '' : ' indeterminate'}`}>
            <div style={{ width: insight.status === 'pending' ? '0%' : '35%' }} />
          </div>
          <div className="progress-figures">
            <span>{insight.attempts > 1 ? `attempt ${insight.attempts}` : ' '}</span>
            <span>{props.expected !== null ? `about ${seconds(props.expected)} left` : ''}</span>
          </div>
        </>
      ) : null}
      {insight.status === 'failed' ? (
        <p className="notice error">{insight.error?.message ?? 'It did not work out.'}</p>
      ) : null}
      {insight.status === 'completed' && insight.result ? (
        <InsightBody
          renderer={insight.renderer}
          result={insight.result}
          chatId={props.chat.id}
          people={props.chat.participants}
        />
      ) : null}
    </article>
  );
}

function JobPanel(props: {
  job: JobView;
  chat: ChatSummary;
  progress: InsightProgress | undefined;
  onChanged: (job: JobView) => void;
  onUnlockAgain: () => void;
}) {
  const { job, chat } = props;
  const { busy, error, run: act } = useAction();
  const failed = job.insights.filter((i) => i.status === 'failed').length;
  const done = job.insights.filter((i) => i.status === 'completed').length;
  const captured = job.settlements.reduce((n, s) => n + s.captured, 0);
  const released = job.settlements.reduce((n, s) => n + s.released, 0);
  const eta =
    job.status === 'running' ? (props.progress?.jobId === job.id ? props.progress.etaMs : null) : null;
  return (
    <>
      <div className="ins-job-head" data-testid="job">
        <div>
          <strong data-testid="job-status">{JOB_LABEL[job.status]}</strong>
          <span className="ins-muted">
            {' '}
            · {done} of {job.insights.length} ready
            {eta !== null && eta > 0 ? ` · about ${seconds(eta)} left` : ''}
            {job.payment === 'credits' && job.settlements.length > 0
              ? ` · ${fmtInt(captured)} coins paid${released > 0 ? `, ${fmtInt(released)} returned` : ''}`
              : job.payment === 'own-key'
                ? ' · your Gemini key'
                : ''}
          </span>
        </div>
        <div className="ins-actions">
          {job.status === 'running' ? (
            <button
              className="btn"
              disabled={busy}
              onClick={() =>
                act(async () => props.onChanged(await call('insights-cancel', { jobId: job.id })))
              }
            >
              Stop
            </button>
          ) : null}
          {job.status !== 'running' && failed > 0 ? (
            <button
              className="btn primary"
              disabled={busy}
              data-testid="retry-failed"
              onClick={() =>
                act(async () => props.onChanged(await call('insights-retry', { jobId: job.id })))
              }
            >
              Retry {failed} failed{job.payment === 'credits' ? ' (only successes are paid)' : ''}
            </button>
          ) : null}
          {done > 0 ? (
            <button
              className="btn"
              disabled={busy}
              data-testid="export"
              onClick={() =>
                act(async () => {
                  const { fileName, markdown } = await call('insights-export', { jobId: job.id });
                  download(fileName, markdown);
                })
              }
            >
              Export Markdown
            </button>
          ) : null}
          {job.status !== 'running' ? (
            <button className="btn ghost" disabled={busy} onClick={props.onUnlockAgain}>
              Unlock again
            </button>
          ) : null}
        </div>
      </div>
      {error ? (
        <div className="notice error" role="alert">
          {error.message}
        </div>
      ) : null}
      <div className="ins-grid">
        {job.insights.map((insight) => (
          <InsightCard
            key={insight.id}
            insight={insight}
            chat={chat}
            progress={props.progress}
            expected={insight.status === 'running' || insight.status === 'pending' ? eta : null}
          />
        ))}
      </div>
    </>
  );
}

export function InsightsPage({ chat }: { chat: ChatSummary }) {
  const list = useAsync(() => call('insights-list', { chatId: chat.id }), [chat.id]);
  const [chosen, setChosen] = useState<CategoryId | null>(null);
  const [live, setLive] = useState<Record<number, JobView>>({});
  const [progress, setProgress] = useState<InsightProgress | undefined>(undefined);
  const [again, setAgain] = useState<Set<string>>(new Set());

  const track = (job: JobView) => setLive((l) => ({ ...l, [job.id]: job }));
  useApiEvent('insight-progress', (p) => {
    if (p.chatId !== chat.id) return;
    setProgress(p);
    void call('insights-status', { jobId: p.jobId }).then(track, () => {});
  });

  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading label="Loading insights…" />;

  const jobs = [...Object.values(live), ...list.data.jobs].sort((a, b) => b.id - a.id);
  const latest = new Map<string, JobView>();
  for (const job of jobs) if (!latest.has(job.category)) latest.set(job.category, live[job.id] ?? job);
  const selected: CategoryId =
    chosen ??
    (list.data.jobs[0]?.category as CategoryId | undefined) ??
    (chat.isGroup ? 'group' : 'romantic');
  const category = CATEGORIES.find((c) => c.id === selected)!;
  const job = again.has(selected) ? undefined : latest.get(selected);

  return (
    <div className="ins-page">
      <CategoryPicker
        selected={selected}
        onSelect={setChosen}
        unlocked={new Set([...latest.values()].filter((j) => j.status !== 'draft').map((j) => j.category))}
      />
      {job ? (
        <JobPanel
          key={job.id}
          job={job}
          chat={chat}
          progress={progress?.jobId === job.id ? progress : undefined}
          onChanged={track}
          onUnlockAgain={() => setAgain((s) => new Set(s).add(selected))}
        />
      ) : (
        <UnlockPanel
          key={selected}
          chat={chat}
          category={category}
          again={again.has(selected)}
          onStarted={(started) => {
            track(started);
            setAgain((s) => {
              const next = new Set(s);
              next.delete(selected);
              return next;
            });
          }}
        />
      )}
    </div>
  );
}
