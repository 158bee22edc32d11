/** One benchmark figure; `ratio` = value / baseline, both measured in the same run. */
export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  baseline?: number;
  ratio?: number;
  note?: string;
}
