import styles from "./status.module.css";

// Drawing units (the SVG scales down with its box on narrow screens, text with it).
const WIDTH = 320;
const HEIGHT = 132;
const LEFT = 22; // room for the "0" label
const RIGHT = WIDTH - 6;
const TOP = 22; // room for the scale's label above its gridline
const BOTTOM = HEIGHT - 24; // room for the time axis

/** The smallest of 1, 2, 5 × 10^k at or above `peak` (at least 1): a scale that reads at a glance. */
export function scaleMax(peak: number): number {
  if (!(peak > 1)) return 1;
  const decade = 10 ** Math.floor(Math.log10(peak));
  return [1, 2, 5, 10].map((m) => m * decade).find((m) => m >= peak - 1e-9)!;
}

const shown = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/**
 * A line chart of the last samples with its axes: the y scale from 0 to a round maximum in the
 * chart's unit, and time from −capacity × every s to now. A window of zeros is drawn as a flat
 * line on 0 and says "idle"; before the first sample it says so. Described for screen readers.
 */
export function Sparkline({
  label,
  values,
  unit,
  axisUnit,
  capacity,
  everySeconds = 1,
}: {
  label: string;
  values: number[];
  /** Words after the current value in the caption, e.g. "jobs waiting". */
  unit: string;
  /** The scale's unit, singular and plural, e.g. ["job", "jobs"]. */
  axisUnit: [one: string, other: string];
  capacity: number;
  everySeconds?: number;
}) {
  const peak = Math.max(0, ...values);
  const top = scaleMax(peak);
  const scale = `${top} ${axisUnit[top === 1 ? 0 : 1]}`;
  // The newest sample at "now", each older one `everySeconds` to the left; the left edge is −capacity × everySeconds.
  const x = (i: number) => RIGHT - ((RIGHT - LEFT) * (values.length - 1 - i)) / capacity;
  const y = (v: number) => BOTTOM - ((BOTTOM - TOP) * v) / top;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const now = values.at(-1) ?? 0;
  const idle = values.length > 0 && peak === 0;
  const span = Math.round(capacity * everySeconds);
  const state = values.length === 0 ? "waiting for the first sample" : idle ? "idle" : undefined;
  const description =
    values.length === 0
      ? `${label}: no samples yet`
      : `${label} over the last ${values.length} s: now ${shown(now)}, peak ${shown(peak)}${idle ? " (idle)" : ""}; scale 0 to ${scale}`;
  return (
    <figure className={styles.chart}>
      <figcaption>
        {label}: <strong>{shown(now)}</strong> {unit}
        {idle && <span className={styles.idleTag}> · idle</span>}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description}>
        {/* The y scale: its maximum above a dashed gridline, 0 on the time axis. */}
        <line x1={LEFT} x2={RIGHT} y1={TOP} y2={TOP} className={styles.grid} />
        <text x={LEFT} y={TOP - 7} className={styles.tick}>
          {scale}
        </text>
        <line x1={LEFT} x2={LEFT} y1={TOP} y2={BOTTOM} className={styles.axis} />
        <line x1={LEFT} x2={RIGHT} y1={BOTTOM} y2={BOTTOM} className={styles.axis} />
        <text x={LEFT - 6} y={BOTTOM + 4} textAnchor="end" className={styles.tick}>
          0
        </text>
        {/* The time axis. */}
        <text x={LEFT} y={HEIGHT - 6} className={styles.tick}>
          −{span} s
        </text>
        <text x={(LEFT + RIGHT) / 2} y={HEIGHT - 6} textAnchor="middle" className={styles.tick}>
          −{Math.round(span / 2)} s
        </text>
        <text x={RIGHT} y={HEIGHT - 6} textAnchor="end" className={styles.tick}>
          now
        </text>
        {values.length === 1 && <circle cx={x(0)} cy={y(values[0]!)} r="3" className={styles.dot} />}
        {values.length > 1 && <polyline points={points} className={idle ? `${styles.line} ${styles.flat}` : styles.line} />}
        {state && (
          <text x={(LEFT + RIGHT) / 2} y={(TOP + BOTTOM) / 2 + 5} textAnchor="middle" className={styles.state}>
            {state}
          </text>
        )}
      </svg>
    </figure>
  );
}
