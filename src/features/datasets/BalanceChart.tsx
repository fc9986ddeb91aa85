// Class-balance bar chart (echarts, loaded on first use and tree-shaken to a bar chart on canvas).
import { useEffect, useRef } from 'react';

export function BalanceChart({ names, counts }: { names: string[]; counts: number[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | null = null;
    const ro = new ResizeObserver(() => chart?.resize());
    void (async () => {
      const [core, charts, components, renderers] = await Promise.all([
        import('echarts/core'),
        import('echarts/charts'),
        import('echarts/components'),
        import('echarts/renderers'),
      ]);
      if (disposed || !el.current) return;
      core.use([
        charts.BarChart,
        components.GridComponent,
        components.TooltipComponent,
        renderers.CanvasRenderer,
      ]);
      const c = core.init(el.current);
      c.setOption({
        animation: false,
        grid: { left: 40, right: 8, top: 8, bottom: 64 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: names, axisLabel: { rotate: 45, interval: 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: counts, itemStyle: { color: '#1f6feb' } }],
      });
      chart = c;
      ro.observe(el.current);
    })();
    return () => {
      disposed = true;
      ro.disconnect();
      chart?.dispose();
    };
  }, [names, counts]);
  return (
    <div ref={el} className="ds-chart" role="img" aria-label="Images per class" data-testid="balance-chart" />
  );
}
