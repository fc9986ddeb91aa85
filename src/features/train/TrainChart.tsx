// One echarts chart of the Train screen (SVG renderer: crisp, and its points are DOM a test can count); echarts
// is imported on first use, not with the app shell.
import { useEffect, useRef, useState } from 'react';

type Echarts = typeof import('./echarts-setup.ts')['echarts'];
type Chart = ReturnType<Echarts['init']>;

let loading: Promise<Echarts> | undefined;
const loadEcharts = () => {
  loading ??= import('./echarts-setup.ts').then((m) => m.echarts);
  return loading;
};

export function TrainChart({ option, testId }: { option: object; testId: string }) {
  const el = useRef<HTMLDivElement>(null);
  const [lib, setLib] = useState<Echarts | null>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    let live = true;
    loadEcharts().then((e) => {
      if (live) setLib(() => e);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!el.current || !lib) return;
    const c = lib.init(el.current, null, { renderer: 'svg' });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, [lib]);

  useEffect(() => {
    if (lib) chart.current?.setOption(option as Record<string, unknown>, { notMerge: true });
  }, [option, lib]);

  return <div ref={el} className="train-chart" data-testid={testId} data-ready={lib !== null} />;
}
