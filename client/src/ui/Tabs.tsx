import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabSpec {
  id: string;
  label: string;
  badge?: number;
}

/** WAI-ARIA tabs: arrow keys move between tabs, the panel is labelled by its tab. */
export function Tabs(props: {
  label: string;
  tabs: TabSpec[];
  active: string;
  onSelect(id: string): void;
  children: ComponentChildren;
  idPrefix: string;
}) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const index = props.tabs.findIndex((tab) => tab.id === props.active);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length]!;
    props.onSelect(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#${props.idPrefix}-tab-${next.id}`)?.focus();
  };
  return (
    <div class="tabs">
      <div class="tabs__list" role="tablist" aria-label={props.label} ref={list} onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => (
          <button
            key={tab.id}
            id={`${props.idPrefix}-tab-${tab.id}`}
            role="tab"
            type="button"
            aria-selected={tab.id === props.active}
            aria-controls={`${props.idPrefix}-panel`}
            tabIndex={tab.id === props.active ? 0 : -1}
            onClick={() => props.onSelect(tab.id)}
          >
            {tab.label}
            {tab.badge ? <span class="badge">{tab.badge}</span> : null}
          </button>
        ))}
      </div>
      <div
        class="tabs__panel"
        role="tabpanel"
        id={`${props.idPrefix}-panel`}
        aria-labelledby={`${props.idPrefix}-tab-${props.active}`}
      >
        {props.children}
      </div>
    </div>
  );
}
