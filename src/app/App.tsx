// The app shell: header with the screen tabs, one tab panel for the current screen, shared query client.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AugmentScreen } from '../features/augment/AugmentScreen.tsx';
import { ClassifyScreen } from '../features/classify/ClassifyScreen.tsx';
import { CompareScreen } from '../features/compare/CompareScreen.tsx';
import { DatasetsScreen } from '../features/datasets/DatasetsScreen.tsx';
import { ModelsScreen } from '../features/models/ModelsScreen.tsx';
import { SystemPanel } from '../features/system/SystemPanel.tsx';
import { TrainScreen } from '../features/train/TrainScreen.tsx';
import { gpuCall } from './gpu-client.ts';
import { followHash, useNav } from './nav-store.ts';
import { screens } from './routes.ts';
import { panelId, ScreenTabs, tabId } from './ScreenTabs.tsx';
import './app.css';

// Facts about the machine do not go stale by themselves: refetch only when asked.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: Number.POSITIVE_INFINITY, retry: false, refetchOnWindowFocus: false },
  },
});

function CurrentScreen() {
  const screen = useNav((s) => s.screen);
  if (screen === 'system') return <SystemPanel gpu={gpuCall} />;
  if (screen === 'augment') return <AugmentScreen gpu={gpuCall} />;
  if (screen === 'classify') return <ClassifyScreen gpu={gpuCall} />;
  if (screen === 'models') return <ModelsScreen gpu={gpuCall} />;
  if (screen === 'datasets') return <DatasetsScreen />;
  if (screen === 'compare') return <CompareScreen gpu={gpuCall} />;
  return <TrainScreen gpu={gpuCall} />;
}

export function App() {
  const screen = useNav((s) => s.screen);
  useEffect(followHash, []);
  const label = screens.find((s) => s.id === screen)?.label ?? '';

  useEffect(() => {
    document.title = `${label} · WebClas Studio`;
  }, [label]);

  return (
    <QueryClientProvider client={queryClient}>
      <div className="shell">
        <header className="topbar">
          <a className="brand" href="#/classify" aria-label="WebClas Studio, go to Classify">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span>WebClas Studio</span>
          </a>
          <nav aria-label="Main">
            <ScreenTabs />
          </nav>
        </header>
        <main className="panel">
          <div
            role="tabpanel"
            id={panelId(screen)}
            aria-labelledby={tabId(screen)}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: WAI-ARIA tabs pattern: the panel takes focus so keyboard users reach a screen with nothing focusable in it.
            tabIndex={0}
            className="tabpanel"
            data-testid={`screen-${screen}`}
          >
            <CurrentScreen />
          </div>
        </main>
      </div>
    </QueryClientProvider>
  );
}
