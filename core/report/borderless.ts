// A cli-table3 table without borders: columns set apart by a gap, no padding. The compact
// comparison table and the run list (--list-runs) both look like this.
import Table from 'cli-table3';

const EMPTY_CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
};

/** A table with these headings, columns `gap` apart; headings bold when `bold`. */
export function borderlessTable(head: string[], gap: string, bold = false): Table.Table {
  return new Table({ head, chars: { ...EMPTY_CHARS, middle: gap }, style: { head: bold ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 } });
}
