// The live run's three charts (loss/lr, accuracy, throughput/GPU memory), rebuilt only when the history changes.
import { useMemo } from 'react';
import type { EpochReport } from '../../engine/nn/loop/head-loop.ts';
import { EChart } from '../../shared/charts/EChart.tsx';
import { accuracyOption, lossLrOption, throughputOption } from './chart-options.ts';

export function RunCharts({ history }: { history: readonly EpochReport[] }) {
  const loss = useMemo(() => lossLrOption(history), [history]);
  const acc = useMemo(() => accuracyOption(history), [history]);
  const speed = useMemo(() => throughputOption(history), [history]);
  return (
    <div className="train-charts">
      <EChart option={loss} name="train-loss" testId="chart-loss" className="train-chart" />
      <EChart option={acc} name="train-accuracy" testId="chart-accuracy" className="train-chart" />
      <EChart option={speed} name="train-throughput" testId="chart-throughput" className="train-chart" />
    </div>
  );
}
