// One echarts chart for every screen, drawn with the SVG renderer (crisp, and its points are DOM the e2e tests can
// count), with PNG (through a throw-away canvas chart) and SVG downloads. echarts loads on first use, not with the shell.
import { type CSSProperties, useEffect, useRef, useState } from 'react';

type Echarts = typeof import('./echarts-setup.ts')['echarts'];
type Chart = ReturnType<Echarts['init']>;

let loading: Promise<Echarts> | undefined;
const loadEcharts = () => {
  loading ??= import('./echarts-setup.ts').then((m) => m.echarts);
  return loading;
};

function save(name: string, url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
}

export function EChart({
  option,
  name,
  testId,
  className = 'compare-chart-canvas',
  renderer = 'svg',
  style,
}: {
  option: object;
  /** File name stem of the downloads. */
  name: string;
  testId: string;
  /** Class of the drawing area (its size comes from the screen's CSS). */
  className?: string;
  /** SVG by default; canvas for charts with thousands of marks (a large confusion heatmap). */
  renderer?: 'svg' | 'canvas';
  style?: CSSProperties;
}) {
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
    const c = lib.init(el.current, null, { renderer });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, [lib, renderer]);

  useEffect(() => {
    if (lib) chart.current?.setOption(option as Record<string, unknown>, { notMerge: true });
  }, [option, lib]);

  const png = () => {
    const box = el.current;
    if (!box || !lib) return;
    const div = document.createElement('div');
    div.style.cssText = `position:fixed;left:-10000px;width:${box.clientWidth}px;height:${box.clientHeight}px`;
    document.body.append(div);
    const c = lib.init(div, null, { renderer: 'canvas' });
    try {
      c.setOption({ ...(option as Record<string, unknown>), backgroundColor: '#fff' });
      save(`${name}.png`, c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }));
    } finally {
      c.dispose();
      div.remove();
    }
  };
  const svg = () => {
    if (chart.current) save(`${name}.svg`, chart.current.getDataURL({ type: 'svg' }));
  };

  return (
    <figure className="compare-chart">
      <div ref={el} className={className} style={style} data-testid={testId} data-ready={lib !== null} />
      <figcaption>
        <button type="button" className="button" onClick={png}>
          Download PNG
        </button>
        {renderer === 'svg' && (
          <button type="button" className="button" onClick={svg}>
            Download SVG
          </button>
        )}
      </figcaption>
    </figure>
  );
}
