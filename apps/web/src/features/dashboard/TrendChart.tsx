// ECharts from its core build with only the pieces used here, to keep the dashboard chunk small.
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { TrendPoint } from '@duban/contracts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function TrendChart({ points, height = 320 }: { points: TrendPoint[]; height?: number }) {
  const option = {
    tooltip: { trigger: 'axis' },
    // The legend sits above the plot and the grid leaves it room, so it never covers the axis.
    legend: { data: ['办结', '新增逾期'], top: 0, left: 'center' },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.periodStart.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '办结', type: 'bar', data: points.map((p) => p.completed), itemStyle: { color: '#52c41a' } },
      {
        name: '新增逾期',
        type: 'line',
        smooth: true,
        data: points.map((p) => p.newOverdue),
        itemStyle: { color: '#f5222d' },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />;
}
