/**
 * Splits one CSV record (RFC 4180: comma-separated, fields in double quotes may hold commas,
 * line breaks and "" for a quote). Returns null when a quoted field is still open at the end,
 * meaning the record continues on the next line.
 */
export function splitCsvRecord(text: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"' && cell === '') {
      quoted = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
    i++;
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}
