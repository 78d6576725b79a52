// Aligned plain-text tables for the terminal: the runs list, the sweep's live progress and its preview.

export interface Column {
  title: string
  /** Numbers read best right-aligned. */
  right?: boolean
  /** Longer cells are cut with "…". */
  max?: number
  /** At least this wide, so a table redrawn in place does not shift as its values come in. */
  min?: number
}

/** The header and one line per row, columns two spaces apart, each as wide as its widest cell. */
export function alignedTable(columns: Column[], rows: string[][]): string[] {
  const cut = (text: string, max = Infinity): string =>
    text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text
  const cells = [columns.map((c) => c.title), ...rows].map((row) => row.map((cell, i) => cut(cell, columns[i]?.max)))
  const widths = columns.map((column, i) => Math.max(column.min ?? 0, ...cells.map((row) => (row[i] ?? '').length)))
  return cells.map((row) =>
    columns
      .map((column, i) => (column.right ? (row[i] ?? '').padStart(widths[i]) : (row[i] ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  )
}
