// Number formatting shared by every exporter (durations, bytes, rates, percentages).

/** Three significant digits, without exponent notation. */
function threeDigits(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A duration in nanoseconds in the largest unit that keeps it ≥ 1: "523 ns", "12.3 µs", "4.23 ms", "1.20 s". */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${threeDigits(ns)} ns`;
  if (abs < 1e6) return `${threeDigits(ns / 1e3)} µs`;
  if (abs < 1e9) return `${threeDigits(ns / 1e6)} ms`;
  return `${threeDigits(ns / 1e9)} s`;
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
