/** The longest "nice" length (1, 2 or 5 × 10ⁿ) not above `max`. */
export function niceLength(max: number): number {
  if (!(max > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [5, 2, 1]) if (m * p <= max) return m * p;
  return p;
}

/** A length in metres as the analyst reads it: "500 m", "2 km". */
export function formatLength(metres: number): string {
  return metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
}
