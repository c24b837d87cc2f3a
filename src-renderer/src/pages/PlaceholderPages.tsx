/** Pages that later issues fill in: insights; and the page for unknown addresses. */
import { EmptyState } from '../components/States';

export function InsightsPlaceholder() {
  return (
    <div className="card placeholder-page">
      <EmptyState icon="sparkle" title="Insights are coming">
        Six AI insights per category — each quoting the messages it rests on. The statistics on the Overview
        tab are free and stay on your computer.
      </EmptyState>
    </div>
  );
}

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState
        icon="alert"
        title="Nothing here"
        actions={
          <a className="btn" href="#/">
            Back to the library
          </a>
        }
      >
        This page does not exist.
      </EmptyState>
    </div>
  );
}
