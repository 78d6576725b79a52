// chart.js is tree-shaken: register exactly what the workbench draws, once.
import {
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js'
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix'

Chart.register(
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  LinearScale,
  LogarithmicScale,
  CategoryScale,
  Decimation,
  Filler,
  Legend,
  Tooltip,
  MatrixController,
  MatrixElement,
)

/** Colours that stay apart for up to a dozen runs, readable on light and dark backgrounds. */
export const RUN_COLORS = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#9333ea',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#ea580c',
  '#4f46e5',
  '#0d9488',
  '#a16207',
]

export function colorFor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length]
}

/** The theme's text and grid colours, read from the CSS variables so charts follow light and dark mode. */
export function themeColors(): { text: string; grid: string } {
  const style = getComputedStyle(document.documentElement)
  return {
    text: style.getPropertyValue('--text-muted').trim() || '#666',
    grid: style.getPropertyValue('--border').trim() || '#ddd',
  }
}

export { Chart }
