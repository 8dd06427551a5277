// The ECharts pieces the dashboards use (echarts/core keeps the bundle small), and one helper:
// a chart bound to a container that follows its size and can be disposed.
import * as echarts from 'echarts/core';
import { BarChart, EffectScatterChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, EffectScatterChart, LineChart, MapChart, PieChart, ScatterChart, GeoComponent, GridComponent,
  TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };

export const AXIS = { axisLine: { lineStyle: { color: '#3a5a8c' } }, axisLabel: { color: '#a9c1e8', fontSize: 14 }, splitLine: { lineStyle: { color: '#15305a' } } };

/** A chart in container: set(option) merges named series; resizes with its box; dispose() ends it. */
export function chart(container, base) {
  const instance = echarts.init(container, null, { renderer: 'canvas' });
  // tooltips rendered on the canvas: no HTML (the CSP forbids inline styles, and titles are user text)
  instance.setOption({ backgroundColor: 'transparent', animationDurationUpdate: 300, tooltip: { renderMode: 'richText' }, ...base });
  const observer = new ResizeObserver(() => instance.resize());
  observer.observe(container);
  let last = null;
  return {
    instance,
    // figures arrive every second or two, mostly unchanged: redraw only what changed
    set(option) {
      const json = JSON.stringify(option);
      if (json === last) return;
      last = json;
      instance.setOption(option);
    },
    dispose() {
      observer.disconnect();
      instance.dispose();
    },
  };
}
