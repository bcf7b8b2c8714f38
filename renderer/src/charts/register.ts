/** Registers the Chart.js pieces the dashboard uses, once (tree-shaken build). */
import {
  BarController,
  BarElement,
  Chart,
  Decimation,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  TimeScale,
  Tooltip,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import { CandlestickController, CandlestickElement } from 'chartjs-chart-financial';
import { CHART_FONT } from './chart-font';
import { rememberTimeLabels } from './tick-labels';

let done = false;

export function registerCharts(): void {
  if (done) return;
  done = true;
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    LinearScale,
    LogarithmicScale,
    TimeScale,
    BarController,
    BarElement,
    CandlestickController,
    CandlestickElement,
    Decimation,
    Filler,
    Legend,
    Tooltip,
  );
  Chart.defaults.font.family = CHART_FONT.family;
  Chart.defaults.font.size = CHART_FONT.sizePx;
  rememberTimeLabels();
}
