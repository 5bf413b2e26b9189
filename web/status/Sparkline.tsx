/** A small line chart of the last samples, scaled to its own peak; described for screen readers. */
export function Sparkline({ label, values, unit, capacity }: { label: string; values: number[]; unit: string; capacity: number }) {
  const width = 240;
  const height = 56;
  const peak = Math.max(1, ...values);
  const x = (i: number) => (width * (i + capacity - values.length)) / Math.max(1, capacity - 1);
  const y = (v: number) => height - 2 - ((height - 4) * v) / peak;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const now = values.at(-1) ?? 0;
  const shown = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return (
    <figure className="spark">
      <figcaption>
        {label}: <strong>{shown(now)}</strong> {unit}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label} over the last ${values.length} s: now ${shown(now)}, peak ${shown(Math.max(0, ...values))}`}>
        <line x1="0" x2={width} y1={height - 2} y2={height - 2} className="axis" />
        {values.length > 1 && <polyline points={points} />}
      </svg>
    </figure>
  );
}
