// Number formatting shared by every exporter (durations, bytes, rates, percentages).

/** Three significant digits, without exponent notation. */
function threeDigits(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A time unit and how many nanoseconds it holds. */
export interface TimeUnit {
  unit: 'ns' | 'µs' | 'ms' | 's';
  ns: number;
}

/** The largest unit that keeps a duration ≥ 1 (the unit charts and ranges of that duration use). */
export function timeUnitFor(ns: number): TimeUnit {
  const abs = Math.abs(ns);
  if (!Number.isFinite(ns) || abs < 1e3) return { unit: 'ns', ns: 1 };
  if (abs < 1e6) return { unit: 'µs', ns: 1e3 };
  if (abs < 1e9) return { unit: 'ms', ns: 1e6 };
  return { unit: 's', ns: 1e9 };
}

/** A duration in nanoseconds in the largest unit that keeps it ≥ 1: "523 ns", "12.3 µs", "4.23 ms", "1.20 s". */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  const { unit, ns: size } = timeUnitFor(ns);
  return `${threeDigits(ns / size)} ${unit}`;
}

/** A range of durations in the unit of `reference` (the estimate it surrounds): "3.90–4.37 ms". */
export function formatNsRange(low: number, high: number, reference: number): string {
  const { unit, ns: size } = timeUnitFor(reference);
  return `${threeDigits(low / size)}–${threeDigits(high / size)} ${unit}`;
}

/** Bytes in binary units: "512 B", "1.50 KiB", "3.20 MiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${Math.round(bytes)} B`;
  if (abs < 1024 ** 2) return `${threeDigits(bytes / 1024)} KiB`;
  if (abs < 1024 ** 3) return `${threeDigits(bytes / 1024 ** 2)} MiB`;
  return `${threeDigits(bytes / 1024 ** 3)} GiB`;
}

/** A count per second with k/M suffixes: "20.8k". */
export function formatRate(perSecond: number): string {
  const abs = Math.abs(perSecond);
  if (abs >= 1e6) return `${threeDigits(perSecond / 1e6)}M`;
  if (abs >= 1e3) return `${threeDigits(perSecond / 1e3)}k`;
  return threeDigits(perSecond);
}

/** A signed percentage from a fraction: 0.024 → "+2.4%", -0.1 → "-10.0%". */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  const text = Math.abs(percent) >= 100 ? percent.toFixed(0) : percent.toFixed(1);
  return `${percent >= 0 ? '+' : ''}${text}%`;
}

/** A ratio as "1.85×". */
export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/**
 * A change given as a ratio new / old with its interval, as percentages: "+4.2% [+1.0 … +7.5%]";
 * "+4.2% (no interval)" where the interval is unbounded (a side measured in one fork only).
 */
export function formatChange(ratio: { estimate: number; low: number; high: number }): string {
  if (!Number.isFinite(ratio.high) || !(ratio.low > 0)) return `${formatPercent(ratio.estimate - 1)} (no interval)`;
  return `${formatPercent(ratio.estimate - 1)} [${formatPercent(ratio.low - 1)} … ${formatPercent(ratio.high - 1)}]`;
}
