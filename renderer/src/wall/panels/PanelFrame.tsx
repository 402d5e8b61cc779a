/** A panel's frame on the wall: its title, an optional figure beside the title, and its body. */
import type { ReactNode } from 'react';

export function PanelFrame({ title, meta, children, testId, className }: { title: string; meta?: ReactNode; children: ReactNode; testId?: string; className?: string }) {
  return (
    <section className={`wall-panel ${className ?? ''}`} data-testid={testId}>
      <header className="wall-panel-head">
        <h2 className="wall-panel-title">{title}</h2>
        {meta !== undefined && <div className="wall-panel-meta">{meta}</div>}
      </header>
      <div className="wall-panel-body">{children}</div>
    </section>
  );
}
