import type { ReactNode } from 'react';

export function Panel(props: {
  title: string;
  note?: ReactNode;
  size?: 'full' | 'half' | 'third' | 'two-thirds';
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const size = props.size && props.size !== 'full' ? ` ${props.size}` : '';
  const id = `panel-${props.title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className={`card panel${size}`} aria-labelledby={id} data-testid={props.testId}>
      <div className="panel-head">
        <div>
          <h2 id={id}>{props.title}</h2>
          {props.note ? <div className="note">{props.note}</div> : null}
        </div>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

export function EmptyPanel({ children }: { children: ReactNode }) {
  return <div className="empty-panel">{children}</div>;
}
