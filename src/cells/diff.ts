// A line-by-line comparison of two versions of a cell's code, for a reader whose edit was made before the lesson
// changed the cell: each line is in both, only in the reader's, or only in the lesson's. The lines in both are a
// longest common subsequence of the two (the classic dynamic programme, O(n·m) for n and m lines: a cell's code is
// a few dozen lines; past MAX_CELLS pairs, every line of one is shown as replaced by every line of the other).

export interface DiffLine {
  kind: "both" | "mine" | "lesson";
  text: string;
}

const MAX_CELLS = 4_000_000;

/** The lines of `mine` and `lesson` in order, each marked with the version it is in. */
export function lineDiff(mine: string, lesson: string): DiffLine[] {
  const a = mine.split("\n");
  const b = lesson.split("\n");
  const [n, m] = [a.length, b.length];
  if (n * m > MAX_CELLS)
    return [...a.map((text) => ({kind: "mine" as const, text})), ...b.map((text) => ({kind: "lesson" as const, text}))];
  // common[i][j]: the length of a longest common subsequence of a[i..] and b[j..]
  const common = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  const lines: DiffLine[] = [];
  let [i, j] = [0, 0];
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      lines.push({kind: "both", text: a[i]});
      [i, j] = [i + 1, j + 1];
    } else if (j === m || (i < n && common[i + 1][j] >= common[i][j + 1])) lines.push({kind: "mine", text: a[i++]});
    else lines.push({kind: "lesson", text: b[j++]});
  }
  return lines;
}
