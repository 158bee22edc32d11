/** One measured number of a benchmark, optionally next to a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  note?: string;
}
