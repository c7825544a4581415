import { formatNumber, t } from '../i18n.ts';

/**
 * Stacked bars over days, drawn as SVG (a few dozen rectangles need no charting library, and SVG
 * scales to any screen). The picture is labelled for screen readers, and the same figures can be
 * read as a table underneath.
 */

export interface Series {
  key: string;
  label: string;
  className: string;
}

export interface BarChartProps {
  title: string;
  series: Series[];
  points: { label: string; values: Record<string, number> }[];
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 30, left: 56 };

/** A round axis top: 1, 2, 5 × a power of ten. */
function niceMax(n: number): number {
  if (n <= 5) return 5;
  const power = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= n) ?? n;
}

export function BarChart(props: BarChartProps) {
  const totals = props.points.map((p) => props.series.reduce((n, s) => n + (p.values[s.key] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(props.points.length, 1);
  const barW = Math.max(2, step * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const labelEvery = Math.ceil(props.points.length / 8);
  const sum = totals.reduce((a, b) => a + b, 0);

  return (
    <figure class="chart-figure">
      <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('%1$s: %2$s in all', props.title, formatNumber(sum))}>
        {[0, 0.5, 1].map((f) => (
          <g>
            <line class="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} />
            <text x={PAD.left - 6} y={y(max * f) + 4} text-anchor="end">
              {formatNumber(max * f)}
            </text>
          </g>
        ))}
        {props.points.map((p, i) => {
          let base = 0;
          const x = PAD.left + i * step + (step - barW) / 2;
          return (
            <g>
              <title>{`${p.label}: ${props.series.map((s) => `${s.label} ${formatNumber(p.values[s.key] ?? 0)}`).join(', ')}`}</title>
              {props.series.map((s) => {
                const v = p.values[s.key] ?? 0;
                const top = y(base + v);
                const rect = v ? <rect class={s.className} x={x} y={top} width={barW} height={y(base) - top} /> : null;
                base += v;
                return rect;
              })}
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={HEIGHT - 8} text-anchor="middle">
                  {p.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {props.series.map((s) => (
          <li>
            <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
              <rect class={s.className} width="10" height="10" />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <details class="chart-table">
        <summary>{t('Show the figures as a table')}</summary>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Day')}</th>
                {props.series.map((s) => (
                  <th scope="col" class="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.points.map((p) => (
                <tr>
                  <th scope="row">{p.label}</th>
                  {props.series.map((s) => (
                    <td class="num">{formatNumber(p.values[s.key] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
