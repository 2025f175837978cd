/**
 * Plays terminal output onto a screen with unlimited scrollback, for tests
 * of what a person would see: printable text, `\n`, `\r`, and the CSI
 * sequences the live display sends (cursor up/down/left, erase line and to
 * its end); colours, cursor visibility and synchronized-output markers are
 * dropped. Lines wider than `columns` wrap as a terminal wraps them.
 */
export class VirtualTerminal {
  readonly lines: string[] = [''];
  private row = 0;
  private col = 0;
  /** Every CSI final byte seen, with its parameters (`2K`, `1A`, `?25l`). */
  readonly sequences: string[] = [];

  constructor(readonly columns = 80) {}

  write(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '\x1b' && text[i + 1] === '[') {
        const m = /^\x1b\[([?0-9;]*)([A-Za-z])/.exec(text.slice(i));
        if (m === null) throw new Error(`unsupported escape at ${JSON.stringify(text.slice(i, i + 12))}`);
        this.csi(m[1]!, m[2]!);
        i += m[0].length - 1;
      } else if (ch === '\n') {
        this.row++;
        this.col = 0;
        while (this.lines.length <= this.row) this.lines.push('');
      } else if (ch === '\r') this.col = 0;
      else {
        if (this.col >= this.columns) {
          this.row++;
          this.col = 0;
          while (this.lines.length <= this.row) this.lines.push('');
        }
        const line = this.lines[this.row]!.padEnd(this.col);
        this.lines[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
        this.col++;
      }
    }
  }

  /** The screen as text, trailing blank lines and spaces trimmed. */
  text(): string {
    return this.lines.map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '');
  }

  private csi(params: string, final: string): void {
    this.sequences.push(params + final);
    const n = params === '' ? 1 : Number(params);
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row += n;
        while (this.lines.length <= this.row) this.lines.push('');
        break;
      case 'G':
        this.col = params === '' ? 0 : n - 1;
        break;
      case 'K':
        if (params === '2') this.lines[this.row] = '';
        else this.lines[this.row] = this.lines[this.row]!.slice(0, this.col);
        break;
      case 'm':
      case 'h':
      case 'l':
        break;
      default:
        throw new Error(`unsupported CSI ${params}${final}`);
    }
  }
}
