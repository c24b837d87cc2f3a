/** The imports in progress and just finished, bottom right: progress, cancel, warnings, errors. */
import type { ImportProgress, ImportWarning } from '../../../src-shared/api/imports';
import type { DateOrder } from '../../../src-shared/messages';
import { Icon } from '../components/Icon';
import { fmtBytes, fmtDuration, fmtInt, plural } from '../lib/format';
import { chatPath, navigate } from '../lib/router';
import { useImports, type ImportJob } from './ImportManager';

const ORDER_NAMES: Record<DateOrder, string> = {
  dmy: 'day/month/year',
  mdy: 'month/day/year',
  ymd: 'year/month/day',
};

const PHASES: Record<ImportProgress['phase'], string> = {
  reading: 'Opening the file…',
  scanning: 'Learning the format…',
  parsing: 'Reading messages…',
  storing: 'Saving…',
  statistics: 'Computing statistics…',
  done: 'Finishing…',
};

function Progress({ progress }: { progress: ImportProgress | null }) {
  if (!progress || progress.bytesTotal === 0) {
    return (
      <>
        <div className="progress indeterminate" role="progressbar" aria-label="Import progress">
          <div />
        </div>
        <div className="progress-figures">Starting…</div>
      </>
    );
  }
  const share = Math.min(1, progress.bytesRead / progress.bytesTotal);
  // The chat text is read twice (format, then messages): show the bytes of the current pass.
  const text = progress.bytesTotal / 2;
  const inPass = progress.bytesRead > text ? progress.bytesRead - text : progress.bytesRead;
  const late = progress.phase === 'storing' || progress.phase === 'statistics' || progress.phase === 'done';
  return (
    <>
      <div
        className={`progress${late ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <div style={{ width: `${share * 100}%` }} />
      </div>
      <div className="progress-figures num" data-testid="import-figures">
        {late
          ? plural(progress.messages, 'message')
          : `${fmtBytes(Math.min(inPass, text))} of ${fmtBytes(text)}${progress.messages > 0 ? ` · ${plural(progress.messages, 'message')}` : ''}`}
      </div>
    </>
  );
}

function Warning({ job, warning }: { job: ImportJob; warning: ImportWarning }) {
  const { start } = useImports();
  const alternative = (warning.details as { alternative?: DateOrder } | undefined)?.alternative;
  return (
    <li className="notice">
      {warning.message}
      {warning.code === 'ambiguous-date-order' && alternative && job.result ? (
        <div>
          <button
            className="btn small"
            onClick={() => start(job.source, { dateOrder: alternative, replaceChatId: job.result!.chatId })}
          >
            Re-import as {ORDER_NAMES[alternative]}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function JobCard({ job }: { job: ImportJob }) {
  const { cancel, dismiss } = useImports();
  const { result } = job;
  const title =
    job.status === 'running'
      ? job.cancelling
        ? 'Cancelling…'
        : job.progress
          ? PHASES[job.progress.phase]
          : 'Importing…'
      : job.status === 'done'
        ? result?.outcome === 'unchanged'
          ? 'Already in your library'
          : result?.outcome === 'updated'
            ? 'Updated'
            : 'Imported'
        : job.status === 'cancelled'
          ? 'Import cancelled'
          : 'Could not import';
  return (
    <section className="card import-card" aria-label={`Import of ${job.fileName}`} data-status={job.status}>
      <div className="head">
        <div className="what">
          <div className="status" role="status">
            {title}
          </div>
          <div className="file" title={job.fileName}>
            {result?.title ?? job.fileName}
          </div>
        </div>
        {job.status === 'running' ? (
          <button className="btn small" onClick={() => cancel(job.opId)} disabled={job.cancelling}>
            Cancel
          </button>
        ) : (
          <button className="btn ghost icon small" aria-label="Dismiss" onClick={() => dismiss(job.opId)}>
            <Icon name="close" size={16} />
          </button>
        )}
      </div>
      {job.status === 'running' ? <Progress progress={job.progress} /> : null}
      {job.status === 'done' && result ? (
        <>
          <p className="status" style={{ marginTop: 6 }} data-testid="import-summary">
            {plural(result.messages, 'message')}
            {result.outcome === 'updated' ? ` (${fmtInt(result.messagesAdded)} new)` : ''} ·{' '}
            {plural(result.participants.length, 'person', 'people')} · {fmtDuration(result.durationMs / 1000)}
          </p>
          {result.warnings.length > 0 ? (
            <ul className="warning-list">
              {result.warnings.map((w, i) => (
                <Warning key={i} job={job} warning={w} />
              ))}
            </ul>
          ) : null}
          <div className="actions">
            <button
              className="btn primary small"
              onClick={() => {
                dismiss(job.opId);
                navigate(chatPath(result.chatId));
              }}
            >
              Open chat
            </button>
          </div>
        </>
      ) : null}
      {job.status === 'failed' && job.error ? (
        <p className="notice error" role="alert" style={{ marginTop: 12 }}>
          {job.error.message}
        </p>
      ) : null}
    </section>
  );
}

export function ImportTray() {
  const { jobs, notice, clearNotice } = useImports();
  if (jobs.length === 0 && !notice) return null;
  return (
    <div className="tray">
      {notice ? (
        <div className="toast" role="alert">
          <Icon name="alert" />
          <span>{notice}</span>
          <button aria-label="Dismiss" onClick={clearNotice}>
            <Icon name="close" size={16} />
          </button>
        </div>
      ) : null}
      {jobs.map((job) => (
        <JobCard key={job.opId} job={job} />
      ))}
    </div>
  );
}
