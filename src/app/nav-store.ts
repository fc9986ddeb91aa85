// Which screen is showing: a zustand store kept in step with location.hash in both directions.
import { create } from 'zustand';
import { hashFor, type ScreenId, screenFromHash } from './routes.ts';

interface NavState {
  screen: ScreenId;
  go(screen: ScreenId): void;
}

export const useNav = create<NavState>()((set) => ({
  screen: screenFromHash(window.location.hash),
  go(screen) {
    // Setting the hash adds a history entry, so Back returns to the previous screen.
    if (window.location.hash !== hashFor(screen)) window.location.hash = hashFor(screen);
    set({ screen });
  },
}));

/** Follows Back/Forward and typed URLs; returns the unsubscribe function for effects. */
export function followHash(): () => void {
  const onHash = () => useNav.setState({ screen: screenFromHash(window.location.hash) });
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}
