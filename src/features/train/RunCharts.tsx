// The live run's three charts (loss/lr, accuracy, throughput/GPU memory), rebuilt only when the history changes.
import { useMemo } from 'react';
import type { EpochReport } from '../../engine/nn/loop/head-loop.ts';
import { accuracyOption, lossLrOption, throughputOption } from './chart-options.ts';
import { TrainChart } from './TrainChart.tsx';

export function RunCharts({ history }: { history: readonly EpochReport[] }) {
  const loss = useMemo(() => lossLrOption(history), [history]);
  const acc = useMemo(() => accuracyOption(history), [history]);
  const speed = useMemo(() => throughputOption(history), [history]);
  return (
    <div className="train-charts">
      <TrainChart option={loss} testId="chart-loss" />
      <TrainChart option={acc} testId="chart-accuracy" />
      <TrainChart option={speed} testId="chart-throughput" />
    </div>
  );
}
