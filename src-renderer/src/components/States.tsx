/** Empty, loading and error states, the same everywhere. */
import type { ReactNode } from 'react';
import type { ApiError } from '../lib/api';
import { Icon, type IconName } from './Icon';

export function EmptyState(props: {
  icon?: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="state">
      <div className="icon-circle">
        <Icon name={props.icon ?? 'chat'} size={24} />
      </div>
      <h2>{props.title}</h2>
      {props.children ? <p>{props.children}</p> : null}
      {props.actions ? <div className="actions">{props.actions}</div> : null}
    </div>
  );
}

export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: ApiError;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="state error" role="alert">
      <div className="icon-circle">
        <Icon name="alert" size={24} />
      </div>
      <h2>{title ?? 'Something went wrong'}</h2>
      <p>{error.message}</p>
      {onRetry ? (
        <div className="actions">
          <button className="btn" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" />
      <span>{label}</span>
    </div>
  );
}

export function Skeleton({ height, width = '100%' }: { height: number; width?: number | string }) {
  return <div className="skeleton" style={{ height, width }} aria-hidden />;
}
