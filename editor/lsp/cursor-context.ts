import { tokenize, type Module, type Node, type Token } from '../../grammar/index.ts';
import { OffsetMap } from './offset-map.ts';
import { blockPathAt, lexStartFor, nodePathAt } from './syntax-path.ts';

/** A call the cursor is inside the parentheses of: what completion of arguments and signature help need. */
export interface CallSite {
  /** The callee as written: `['std', 'ssh', 'exec']`, `['k8s', 'join']`, `['render']`. */
  readonly callee: readonly string[];
  /** Offset of the callee's first name (to look its scope up). */
  readonly calleeOffset: number;
  /** The argument the cursor is in, from 0 (commas before it at the call's level). */
  readonly argIndex: number;
  /** The name when the argument is written `name = ...` and the cursor is after the `=`. */
  readonly named?: string;
  /** At the start of an argument, where a named argument's name may be written. */
  readonly argumentStart: boolean;
}

/** Where the value being written goes: an attribute, a call argument, a list element of one of them. */
export type ValueOwner =
  | { readonly kind: 'attribute'; readonly name: string }
  | { readonly kind: 'argument'; readonly call: CallSite };

export type ContextKind =
  /** Nothing to complete: a comment, the middle of a number. */
  | 'none'
  /** The start of an entry of the current body (attribute, block, keyword) or of the file. */
  | 'entry'
  /** After `a.b.`: a member of `chain`. */
  | 'member'
  /** Inside a string; `owner` says what the string is the value of. */
  | 'string'
  /** Inside a quoted object key (`server_types = { "|" = 1 }`). */
  | 'object-key'
  /** Where an expression starts. */
  | 'expression'
  /** `step NAME = |`: a step kind or a workflow. */
  | 'step-callee'
  /** `on PHASE run |`: a workflow. */
  | 'hook-callee'
  /** `on |`: a hook phase. */
  | 'hook-phase'
  /** A type (`param p: |`, a workflow parameter). */
  | 'type';

export interface CursorContext {
  readonly kind: ContextKind;
  /** The cursor in the document's text. */
  readonly offset: number;
  /** The cursor in the text the syntax tree was parsed from (the same offset unless the tree is from before the last edit). */
  readonly treeOffset: number;
  /** The name being typed, up to the cursor (empty at a fresh position). */
  readonly word: { readonly start: number; readonly text: string };
  /** For `member`: the names before the dot. */
  readonly chain?: readonly string[];
  /** Offset of `chain`'s first name. */
  readonly chainOffset?: number;
  /** For `string` and `object-key`: the string's content, from after the quote to the closing quote (or the cursor). */
  readonly content?: { readonly start: number; readonly end: number };
  /** What a value (`expression`, `string`, list element) is given to. */
  readonly owner?: ValueOwner;
  /** The innermost call whose parentheses hold the cursor. */
  readonly call?: CallSite;
  /** The syntax nodes touching the cursor (at `treeOffset`), outermost first. */
  readonly path: readonly Node[];
  /** The schema path of the body the cursor is in (see `blockPathAt`); undefined in a body no schema describes. */
  readonly blockPath: readonly string[] | undefined;
}

interface Frame {
  readonly open: '{' | '[' | '(' | '"' | '${';
  /** `{` of a body (a block or declaration), not an object literal. */
  readonly body: boolean;
  /** Index of the opening token (-1 for the level the slice starts in). */
  readonly openIndex: number;
  /** Index of the first token of the current entry, element or argument. */
  entryStart: number;
  commas: number;
}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Tokens after which a `{` opens a body: "no expression is followed by `{`" (DESIGN.md section 2). */
function opensBody(previous: Token | undefined): boolean {
  if (!previous) return true;
  return previous.type === 'Identifier' || previous.type === 'IntLiteral' || previous.type === 'StringEnd' || previous.type === 'RParen' || previous.category === 'keyword' || previous.category === 'constant';
}

function isWordToken(t: Token): boolean {
  return WORD.test(t.image);
}

/** The names of a dotted chain ending at token index `last` (`std . ssh`), or undefined. */
function chainEndingAt(tokens: readonly Token[], last: number, floor: number): { names: string[]; start: number } | undefined {
  const names: string[] = [];
  let i = last;
  for (;;) {
    const t = tokens[i];
    if (!t || i < floor || !isWordToken(t)) return undefined;
    names.unshift(t.image);
    const dot = tokens[i - 1];
    if (!dot || i - 1 < floor || dot.type !== 'Dot') return { names, start: t.start };
    i -= 2;
  }
}

/**
 * What the cursor at `offset` is in the middle of, from the syntax tree (the
 * enclosing blocks survive most typing thanks to error recovery) and the
 * tokens of the current entry up to the cursor (which see what the parser
 * could not make sense of yet, such as `std.` or an unclosed string).
 *
 * The tree may be from the text before the latest edits (`map.before`): the
 * enclosing blocks rarely change while an entry is typed. Undefined when the
 * edits reach above the entry being typed, so that tree cannot be trusted.
 */
export function cursorContext(text: string, module: Module, offset: number, map: OffsetMap = OffsetMap.identity(text)): CursorContext | undefined {
  const treeOffset = map.toBefore(offset);
  const path = nodePathAt(module, treeOffset);
  const blockPath = blockPathAt(path, treeOffset);
  const treeLexStart = lexStartFor(map.before, path, treeOffset);
  if (map.before !== map.after && treeLexStart > map.changeStart) return undefined;
  const lexStart = treeLexStart;
  const lexed = tokenize(text.slice(lexStart, offset), module.file);
  const shift = (t: Token): Token => ({ ...t, start: t.start + lexStart, end: t.end + lexStart });
  const tokens = lexed.tokens.map(shift);
  const base = { offset, treeOffset, path, blockPath };
  const lastComment = lexed.comments[lexed.comments.length - 1];
  if (lastComment && lastComment.end + lexStart === offset && !(lastComment.type === 'BlockComment' && lastComment.image.endsWith('*/'))) {
    return { ...base, kind: 'none', word: { start: offset, text: '' } };
  }

  // The name being typed is not part of the context.
  let end = tokens.length;
  let word = { start: offset, text: '' };
  const last = tokens[end - 1];
  if (last && last.end === offset && isWordToken(last)) {
    word = { start: last.start, text: last.image };
    end--;
  } else if (last && last.end === offset && (last.category === 'number' || last.category === 'duration' || last.category === 'size' || last.category === 'address')) {
    return { ...base, kind: 'none', word };
  }

  // Brackets, strings and interpolations opened (and not closed) before the cursor.
  const frames: Frame[] = [{ open: '{', body: true, openIndex: -1, entryStart: 0, commas: 0 }];
  const top = (): Frame => frames[frames.length - 1]!;
  const push = (open: Frame['open'], i: number, body = false): void => {
    frames.push({ open, body, openIndex: i, entryStart: i + 1, commas: 0 });
  };
  const popTo = (open: Frame['open']): void => {
    for (let k = frames.length - 1; k > 0; k--) {
      if (frames[k]!.open === open) {
        frames.length = k;
        return;
      }
    }
  };
  for (let i = 0; i < end; i++) {
    const t = tokens[i]!;
    const f = top();
    if (f.open === '"') {
      if (t.type === 'StringEnd' || t.type === 'HeredocEnd' || t.type === 'StringNewline') frames.pop();
      else if (t.type === 'InterpolationStart') push('${', i);
      continue;
    }
    switch (t.type) {
      case 'StringStart':
      case 'HeredocStart':
        push('"', i);
        break;
      case 'LCurly':
        push('{', i, opensBody(tokens[i - 1]));
        break;
      case 'LParen':
        push('(', i);
        break;
      case 'LBracket':
        push('[', i);
        break;
      case 'RCurly':
        popTo(t.category === 'interpolation' ? '${' : '{');
        top().entryStart = i + 1;
        break;
      case 'RParen':
        popTo('(');
        break;
      case 'RBracket':
        popTo('[');
        break;
      case 'Comma':
        f.commas++;
        f.entryStart = i + 1;
        break;
      case 'Newline':
        if (f.open === '{') f.entryStart = i + 1;
        break;
    }
  }

  const frame = top();
  const entry = tokens.slice(frame.entryStart, end);
  const call = innermostCall(frames, tokens, end);
  const ownerOf = (f: Frame, before: readonly Token[]): ValueOwner | undefined => {
    // `name = |` (attribute or named argument), or an element of `name = [ ... ]`.
    if (before.length >= 2 && before[before.length - 1]!.type === 'Equals' && isWordToken(before[before.length - 2]!)) {
      const name = before[before.length - 2]!.image;
      if (f.open === '(') {
        const site = callSiteOf(frames, frames.indexOf(f), tokens, end);
        return site ? { kind: 'argument', call: { ...site, named: name } } : undefined;
      }
      return f.open === '{' && f.body ? { kind: 'attribute', name } : undefined;
    }
    if (f.open === '(') {
      const site = callSiteOf(frames, frames.indexOf(f), tokens, end);
      return site ? { kind: 'argument', call: site } : undefined;
    }
    if (f.open === '[') {
      const outer = frames[frames.indexOf(f) - 1];
      if (!outer) return undefined;
      return ownerOf(outer, tokens.slice(outer.entryStart, f.openIndex));
    }
    return undefined;
  };

  if (frame.open === '"') {
    const parent = frames[frames.length - 2]!;
    const before = tokens.slice(parent.entryStart, frame.openIndex);
    const contentStart = tokens[frame.openIndex]!.end;
    const content = { start: contentStart, end: closingQuote(text, offset) };
    const stringWord = { start: contentStart, text: text.slice(contentStart, offset) };
    if (parent.open === '{' && !parent.body && before.length === 0) {
      const outer = frames[frames.length - 3];
      const owner = outer ? ownerOf(outer, tokens.slice(outer.entryStart, parent.openIndex)) : undefined;
      return { ...base, kind: 'object-key', word: stringWord, content, ...(owner ? { owner } : {}), ...(call ? { call } : {}) };
    }
    const owner = ownerOf(parent, before);
    return { ...base, kind: 'string', word: stringWord, content, ...(owner ? { owner } : {}), ...(call ? { call } : {}) };
  }

  const previous = tokens[end - 1];
  if (previous?.type === 'Dot') {
    const chain = chainEndingAt(tokens, end - 2, frame.entryStart);
    if (!chain) return { ...base, kind: 'none', word };
    return { ...base, kind: 'member', word, chain: chain.names, chainOffset: chain.start, ...(call ? { call } : {}) };
  }

  const extra = { ...(call ? { call } : {}) };
  if (frame.open === '{' && frame.body) {
    if (entry.length === 0) return { ...base, kind: 'entry', word, ...extra };
    const types = entry.map((t) => t.type);
    const is = (...expected: string[]): boolean => expected.length === types.length && expected.every((e, k) => e === types[k]);
    if (is('Step', 'Identifier', 'Equals')) return { ...base, kind: 'step-callee', word, ...extra };
    if (is('On')) return { ...base, kind: 'hook-phase', word, ...extra };
    if (is('On', 'Identifier', 'Run') || is('On', 'Identifier', 'Run', 'Identifier', 'Equals')) return { ...base, kind: 'hook-callee', word, ...extra };
    if (is('Param', 'Identifier', 'Colon') || is('Secret', 'Identifier', 'Colon')) return { ...base, kind: 'type', word, ...extra };
    // Past a block's header or a declaration's name: only a value after `=` is an expression.
    const equals = types.indexOf('Equals');
    if (equals < 0 || types[0] === 'Import') return { ...base, kind: 'none', word };
    if (types[0] === 'Let' || types[0] === 'Output' || types[0] === 'Param' || types[0] === 'Step' || types[0] === 'On') {
      return { ...base, kind: 'expression', word, ...extra };
    }
  }
  if (frame.open === '(' && frame.openIndex > 0 && tokens[frame.openIndex - 2]?.type === 'Workflow') {
    // Parameters of a workflow declaration: `workflow w(node: |`.
    const types = entry.map((t) => t.type);
    return { ...base, kind: types.length >= 2 && types[types.length - 1] === 'Colon' ? 'type' : 'none', word };
  }
  if (frame.open === '{' && !frame.body && (entry.length === 0 || entry[entry.length - 1]?.type !== 'Equals')) {
    // An object's key: nothing to offer but what the user types.
    return { ...base, kind: 'none', word };
  }
  const owner = ownerOf(frame, entry);
  return { ...base, kind: 'expression', word, ...(owner ? { owner } : {}), ...extra };
}

/** Where the string the cursor is in ends: its closing quote on the same line, else the cursor. */
function closingQuote(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
    else if (c === '\n' || c === '\r' || (c === '$' && text[i + 1] === '{')) return offset;
  }
  return offset;
}

function callSiteOf(frames: readonly Frame[], index: number, tokens: readonly Token[], end: number): CallSite | undefined {
  const f = frames[index];
  if (!f || f.open !== '(' || f.openIndex <= 0) return undefined;
  const outer = frames[index - 1];
  const chain = chainEndingAt(tokens, f.openIndex - 1, outer ? outer.entryStart : 0);
  if (!chain) return undefined;
  const inner = frames[index + 1];
  const arg = tokens.slice(f.entryStart, inner ? inner.openIndex : end);
  const named = arg.length >= 2 && isWordToken(arg[0]!) && arg[1]!.type === 'Equals' ? arg[0]!.image : undefined;
  return {
    callee: chain.names,
    calleeOffset: chain.start,
    argIndex: f.commas,
    argumentStart: arg.length === 0,
    ...(named !== undefined ? { named } : {}),
  };
}

function innermostCall(frames: readonly Frame[], tokens: readonly Token[], end: number): CallSite | undefined {
  for (let k = frames.length - 1; k > 0; k--) {
    if (frames[k]!.open !== '(') continue;
    return callSiteOf(frames, k, tokens, end);
  }
  return undefined;
}
