// The confusion matrix as an echarts heatmap (hover shows counts) with a PNG download; echarts loads on first use.
import { useEffect, useRef, useState } from 'react';
import { confusionOption } from './eval-options.ts';

type Echarts = typeof import('./echarts-heatmap.ts')['echarts'];
type Chart = ReturnType<Echarts['init']>;

let loading: Promise<Echarts> | undefined;
const loadEcharts = () => {
  loading ??= import('./echarts-heatmap.ts').then((m) => m.echarts);
  return loading;
};

export function ConfusionChart({
  confusion,
  classes,
  fileName,
}: {
  confusion: number[][];
  classes: string[];
  fileName: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const [lib, setLib] = useState<Echarts | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadEcharts().then(
      (e) => live && setLib(() => e),
      (e: unknown) => live && setError(`could not load the chart library: ${(e as Error).message}`),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!el.current || !lib) return;
    const c = lib.init(el.current, null, { renderer: 'canvas' });
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
    if (lib) chart.current?.setOption(confusionOption(confusion, classes), { notMerge: true });
  }, [confusion, classes, lib]);

  const png = () => {
    const c = chart.current;
    if (!c) return;
    const a = document.createElement('a');
    a.href = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    a.download = `${fileName}.png`;
    a.click();
  };

  // Square cells: the plot grows with the class count, within the page width.
  const side = Math.min(900, Math.max(360, 240 + classes.length * 22));
  return (
    <figure className="eval-confusion">
      {error && <p role="alert">{error}</p>}
      <div
        ref={el}
        className="eval-confusion-canvas"
        style={{ height: side, maxWidth: side }}
        data-testid="eval-confusion"
        data-ready={lib !== null}
      />
      <figcaption>
        <button type="button" className="button" onClick={png} disabled={!lib}>
          Download PNG
        </button>
      </figcaption>
    </figure>
  );
}
