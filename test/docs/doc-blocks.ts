/**
 * Fenced code blocks of a Markdown document, for tests that check the
 * examples of docs/language.md through the compiler.
 */

export type BlockLanguage = 'mbp' | 'mbp-error';

export interface DocBlock {
  readonly language: BlockLanguage;
  readonly code: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  /** Title of the closest `#`, `##` or `###` heading above the block. */
  readonly section: string;
}

const FENCE = /^(`{3,}|~{3,})\s*([\w-]*)\s*$/;
const HEADING = /^#{1,6}\s+(.*)$/;

/** Every `mbp` and `mbp-error` block, in document order. Other fences are skipped, their content included. */
export function extractBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = HEADING.exec(line);
    if (heading !== null) {
      section = heading[1]!.trim();
      continue;
    }
    const open = FENCE.exec(line);
    if (open === null) continue;
    const fence = open[1]!;
    const info = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      const t = l.trim();
      if (t.length >= fence.length && t === fence[0]!.repeat(t.length)) break;
      body.push(l);
    }
    if (j === lines.length) throw new Error(`line ${i + 1}: code block never closed`);
    if (info === 'mbp' || info === 'mbp-error') {
      blocks.push({ language: info, code: body.join('\n') + '\n', line: i + 1, section });
    }
    i = j;
  }
  return blocks;
}

const EXPECT_ERROR = /^\/\/\s*error:\s*(MBP\d{4})\s*$/;
const EXPECT_WARNING = /^\/\/\s*warning:\s*(\S+)\s*$/;

/**
 * What a block must produce: `mbp-error` blocks name their code on the first
 * line (`// error: MBP1006`); an `mbp` block may name warnings it is meant to
 * show on its first lines (`// warning: RULE-ID`), and nothing else.
 */
export function expectedCodes(block: DocBlock): { readonly error?: string; readonly warnings: readonly string[] } {
  const lines = block.code.split('\n');
  if (block.language === 'mbp-error') {
    const m = EXPECT_ERROR.exec(lines[0] ?? '');
    return m === null ? { warnings: [] } : { error: m[1]!, warnings: [] };
  }
  const warnings: string[] = [];
  for (const line of lines) {
    const m = EXPECT_WARNING.exec(line);
    if (m === null) break;
    warnings.push(m[1]!);
  }
  return { warnings };
}

/** The rows of the Markdown table whose first cell is `key`: the backticked words of its other cells. */
export function tableRowWords(markdown: string, key: string): string[] {
  const row = markdown.split(/\r?\n/).find((l) => l.startsWith(`| ${key} |`));
  if (row === undefined) return [];
  const rest = row.slice(`| ${key} |`.length);
  return [...rest.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** The text of a section: from its heading line to the next heading of the same or a higher level. */
export function sectionText(markdown: string, heading: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^#{1,6}\s/.test(l) && l.replace(/^#+\s+/, '').trim() === heading);
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = start + 1;
  while (end < lines.length) {
    const m = /^(#{1,6})\s/.exec(lines[end]!);
    if (m !== null && m[1]!.length <= level) break;
    end++;
  }
  return lines.slice(start, end).join('\n');
}
