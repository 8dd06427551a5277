// The wall's small charts: the 24-hour trend, the category mix, the town ranking. Render-only.
import { AXIS, chart } from './echarts.js';

export function trendChart(container, label) {
  const c = chart(container, {
    grid: { left: 50, right: 16, top: 16, bottom: 30 },
    xAxis: { type: 'category', data: [], ...AXIS, axisLabel: { ...AXIS.axisLabel, fontSize: 12 } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [{ id: 'hours', name: label, type: 'line', smooth: true, showSymbol: false, data: [],
      lineStyle: { color: '#36cfc9', width: 3 }, areaStyle: { color: 'rgba(54, 207, 201, 0.18)' } }],
  });
  return {
    render(trend) {
      const hours = Object.entries(trend?.hours ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
      c.set({
        xAxis: { data: hours.map(([k]) => k.slice(11, 13)) },
        series: [{ id: 'hours', data: hours.map(([, n]) => n) }],
      });
    },
    dispose: c.dispose,
  };
}

/** Horizontal bars, biggest on top: [[label, value], …]. */
export function barChart(container, color) {
  const c = chart(container, {
    grid: { left: 150, right: 50, top: 6, bottom: 6 },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: [], ...AXIS, axisLine: { show: false }, axisTick: { show: false } },
    series: [{ id: 'bars', type: 'bar', data: [], barWidth: '60%', barMaxWidth: 18, itemStyle: { color, borderRadius: [0, 3, 3, 0] },
      label: { show: true, position: 'right', color: '#e6f0ff', fontSize: 14 } }],
  });
  return {
    render(pairs) {
      c.set({ yAxis: { data: pairs.map(([k]) => k) }, series: [{ id: 'bars', data: pairs.map(([, v]) => v) }] });
    },
    dispose: c.dispose,
  };
}
