// Loads ECharts from its WebJar on first use only, so pages without charts stay light.
const ECHARTS_URL = '/webjars/echarts/5.3.1/dist/echarts.min.js';
let loading = null;

export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = ECHARTS_URL;
      script.onload = () => resolve(window.echarts);
      script.onerror = () => reject(new Error(`could not load ${ECHARTS_URL}`));
      document.head.append(script);
    });
  }
  return loading;
}

/** Colour-blind-safe palette (Okabe–Ito), dark enough to read on white. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C6D1F'];

/** Creates a chart in the element and disposes of it when the returned cleanup runs. */
export async function createChart(element) {
  const echarts = await loadECharts();
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return {
    chart,
    dispose() {
      window.removeEventListener('resize', resize);
      chart.dispose();
    },
  };
}
