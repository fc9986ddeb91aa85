// The screen switcher as an ARIA tab list: arrow keys, Home and End move between tabs (roving tabindex).
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useNav } from './nav-store.ts';
import { type ScreenId, screens } from './routes.ts';

export const tabId = (id: ScreenId) => `tab-${id}`;
export const panelId = (id: ScreenId) => `panel-${id}`;

export function ScreenTabs() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const refs = useRef(new Map<ScreenId, HTMLButtonElement>());

  // On narrow screens the tab row scrolls sideways: keep the current tab in view (e.g. after opening #/system).
  useEffect(() => {
    refs.current.get(screen)?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [screen]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = screens.findIndex((s) => s.id === screen);
    const last = screens.length - 1;
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % screens.length
        : e.key === 'ArrowLeft'
          ? (i + last) % screens.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    if (next < 0) return;
    e.preventDefault();
    const id = screens[next].id;
    go(id);
    refs.current.get(id)?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label="Studio screens" onKeyDown={onKeyDown}>
      {screens.map((s) => {
        const selected = s.id === screen;
        return (
          <button
            key={s.id}
            ref={(el) => {
              if (el) refs.current.set(s.id, el);
              else refs.current.delete(s.id);
            }}
            type="button"
            role="tab"
            id={tabId(s.id)}
            aria-selected={selected}
            aria-controls={panelId(s.id)}
            tabIndex={selected ? 0 : -1}
            className={s.id === 'system' ? 'tab tab-system' : 'tab'}
            data-testid={`tab-${s.id}`}
            onClick={() => go(s.id)}
          >
            {s.label}
          </button>
        );
      })}
    </div>
  );
}
