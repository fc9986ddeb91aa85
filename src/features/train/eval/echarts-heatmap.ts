// The parts of echarts the confusion matrix needs, registered once and loaded on first use (a heatmap of up to
// ~10k cells draws on canvas, which also gives the PNG download directly).
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
