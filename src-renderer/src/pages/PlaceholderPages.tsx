/** Pages that later issues fill in: account, coins and settings; insights. */
import { EmptyState } from '../components/States';

export function SettingsPage() {
  return (
    <div className="page placeholder-page">
      <header className="page-header">
        <div>
          <h1>Account &amp; settings</h1>
          <p className="subtitle">Your coins, your own Gemini key, and preferences.</p>
        </div>
      </header>
      <div className="card">
        <EmptyState icon="settings" title="Coming soon">
          Signing in, buying coins and using your own Gemini API key will live here. Statistics work fully
          offline without any of it.
        </EmptyState>
      </div>
    </div>
  );
}

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
