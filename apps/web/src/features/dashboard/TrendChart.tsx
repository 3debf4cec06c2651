// ECharts from its core build with only the pieces used here, to keep the dashboard chunk small.
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { TrendPoint } from '@duban/contracts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * Completions and newly overdue tasks per period (bars and line, counts on the left axis) with the running
 * completion rate and the period's on-time rate (percent, right axis).
 */
export function TrendChart({ points, height = 320 }: { points: TrendPoint[]; height?: number }) {
  const option = {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: number | null) => (value === null || value === undefined ? '—' : String(value)),
    },
    // The legend sits above the plot on one scrolling row and the grid leaves it room, so it never covers an
    // axis, however narrow the card.
    legend: {
      data: ['办结', '新增逾期', '完成率', '按时完成率'],
      top: 0,
      left: 'center',
      type: 'scroll',
    },
    grid: { left: 8, right: 8, top: 44, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.periodStart.slice(5)) },
    yAxis: [
      { type: 'value', name: '件', minInterval: 1, nameTextStyle: { align: 'right' } },
      {
        type: 'value',
        name: '%',
        min: 0,
        max: 100,
        splitLine: { show: false },
        nameTextStyle: { align: 'left' },
      },
    ],
    series: [
      { name: '办结', type: 'bar', data: points.map((p) => p.completed), itemStyle: { color: '#52c41a' } },
      {
        name: '新增逾期',
        type: 'line',
        smooth: true,
        data: points.map((p) => p.newOverdue),
        itemStyle: { color: '#f5222d' },
      },
      {
        name: '完成率',
        type: 'line',
        yAxisIndex: 1,
        data: points.map((p) => p.completionRate),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: '按时完成率',
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        lineStyle: { type: 'dashed' },
        data: points.map((p) => p.onTimeRate),
        itemStyle: { color: '#722ed1' },
      },
    ],
  };
  // The canvas keeps the width it was drawn at until the size sensor redraws it; clipped, a layout that
  // narrows after the first paint (a phone's drawer closing) cannot widen the page meanwhile.
  return (
    <ReactEChartsCore echarts={echarts} option={option} style={{ height, overflow: 'hidden' }} notMerge />
  );
}
