// The district's map: the towns' real boundaries, the 24-hour hotspots (by map tile) and a pulse
// where each new event arrives. Render-only: it receives state and draws it.
import { chart, echarts } from './echarts.js';
import { el } from '../format.js';

const PULSE_MS = 12_000;

/** The centre of slippy-map tile "z/x/y" as [lon, lat]. */
export function tileCentre(key) {
  const [z, x, y] = key.split('/').map(Number);
  const n = 2 ** z;
  const lon = ((x + 0.5) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 0.5)) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/** The box of [lon, lat] points. */
function bounds(points) {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const x = Math.min(...lons);
  const y = Math.min(...lats);
  return { x, y, width: Math.max(...lons) - x, height: Math.max(...lats) - y };
}

export function districtMap(container, { towns, townName, onTownClick = null, labels = true }) {
  echarts.registerMap('dongchangfu', towns);
  const c = chart(container, {
    geo: {
      map: 'dongchangfu',
      roam: false,
      nameProperty: 'code',
      layoutCenter: ['50%', '50%'],
      layoutSize: '96%',
      itemStyle: { areaColor: '#0c2a57', borderColor: '#2f7fd8', borderWidth: 1.2 },
      emphasis: { itemStyle: { areaColor: '#1c4f8f' }, label: { show: labels, color: '#fff' } },
      select: { itemStyle: { areaColor: '#2a6bb8' }, label: { show: labels, color: '#fff' } },
      selectedMode: onTownClick ? 'single' : false,
      label: { show: labels, color: '#8fb3e8', fontSize: 11, formatter: (p) => townName(p.name) },
      tooltip: { show: false },
    },
    series: [
      { id: 'hot', type: 'scatter', coordinateSystem: 'geo', symbolSize: (v) => Math.min(40, 4 + Math.sqrt(v[2]) * 3),
        itemStyle: { color: 'rgba(255, 140, 40, 0.55)', shadowBlur: 12, shadowColor: '#ff7a18' }, data: [], silent: true },
      { id: 'pulse', type: 'effectScatter', coordinateSystem: 'geo', symbolSize: 14, rippleEffect: { scale: 5, brushType: 'stroke' },
        itemStyle: { color: '#ff4d4f' }, data: [], silent: true, zlevel: 2 },
    ],
  });
  if (onTownClick) c.instance.on('click', { componentType: 'geo' }, (p) => onTownClick(p.name));
  let pulses = [];
  let tiles = {};
  const draw = () => {
    const now = Date.now();
    pulses = pulses.filter((p) => now - p.at < PULSE_MS);
    c.set({
      series: [
        { id: 'hot', data: Object.entries(tiles).map(([k, n]) => [...tileCentre(k), n]) },
        { id: 'pulse', data: pulses.map((p) => [p.lon, p.lat]) },
      ],
    });
  };
  const fade = setInterval(() => pulses.length && draw(), 2000);

  // the children of a town or a village (which have no boundaries here): buttons over the map
  // where they lie, named with text only, reachable by keyboard; the map zooms to them
  const layer = document.createElement('div');
  layer.className = 'map-markers';
  container.append(layer);
  const district = bounds(towns.features.flatMap((f) => f.geometry.coordinates.flat(f.geometry.type === 'MultiPolygon' ? 2 : 1)));
  let marked = [];
  const place = () => {
    for (const { button, center } of marked) {
      const [x, y] = c.instance.convertToPixel({ geoIndex: 0 }, [center.lon, center.lat]);
      button.style.left = `${x}px`;
      button.style.top = `${y}px`;
    }
  };
  new ResizeObserver(() => requestAnimationFrame(place)).observe(container);
  return {
    hotspots(hot) {
      tiles = hot?.tiles ?? {};
      draw();
    },
    pulse(event) {
      if (!event.location) return;
      pulses.push({ lon: event.location.lon, lat: event.location.lat, at: Date.now() });
      draw();
    },
    /** Shows children [{code, name, center, total?}] to click (onClick(code)); [] for none. */
    children(list, onClick, current = null) {
      const points = list.filter((ch) => ch.center);
      if (points.length) {
        const box = bounds(points.map((ch) => [ch.center.lon, ch.center.lat]));
        const span = Math.max(box.width, box.height, 0.004);
        const zoom = Math.min(60, Math.max(1, (0.7 * Math.min(district.width, district.height)) / span));
        c.instance.setOption({ geo: { center: [box.x + box.width / 2, box.y + box.height / 2], zoom } });
      } else {
        c.instance.setOption({ geo: { center: null, zoom: 1 } });
      }
      marked = points.map((ch) => {
        const button = el(ch.code === current ? 'span' : 'button', 'marker', ch.name);
        button.dataset.code = ch.code;
        if (ch.code === current) button.setAttribute('aria-current', 'true');
        else {
          button.type = 'button';
          button.addEventListener('click', () => onClick(ch.code));
        }
        if (ch.total) button.dataset.total = ch.total;
        return { button, center: ch.center };
      });
      layer.replaceChildren(...marked.map((m) => m.button));
      place();
    },
    select(townCode) {
      for (const f of towns.features) c.instance.dispatchAction({ type: 'geoUnSelect', geoIndex: 0, name: f.properties.code });
      if (townCode) c.instance.dispatchAction({ type: 'geoSelect', geoIndex: 0, name: townCode });
    },
    dispose() {
      clearInterval(fade);
      layer.remove();
      c.dispose();
    },
  };
}
