// The confusion matrix as an echarts heatmap (hover shows counts, PNG download), on the canvas renderer: a heatmap
// of many classes has thousands of cells.
import { useMemo } from 'react';
import { EChart } from '../../../shared/charts/EChart.tsx';
import { confusionOption } from './eval-options.ts';

export function ConfusionChart({
  confusion,
  classes,
  fileName,
}: {
  confusion: number[][];
  classes: string[];
  fileName: string;
}) {
  const option = useMemo(() => confusionOption(confusion, classes), [confusion, classes]);
  // Square cells: the plot grows with the class count, within the page width.
  const side = Math.min(900, Math.max(360, 240 + classes.length * 22));
  return (
    <div className="eval-confusion">
      <EChart
        option={option}
        name={fileName}
        testId="eval-confusion"
        className="eval-confusion-canvas"
        renderer="canvas"
        style={{ height: side, maxWidth: side }}
      />
    </div>
  );
}
