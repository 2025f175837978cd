import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { describeExpected, joinAlternatives } from './describe.ts';
import * as T from './tokens.ts';

/**
 * Chevrotain asks this object for a message whenever the parser fails. We
 * never show Chevrotain's messages: the object keeps what was expected (as
 * token types and as a human phrase) so the parser can turn it into an
 * MBP1xxx diagnostic with context it knows better.
 */
export interface Expectation {
  readonly types: readonly TokenType[];
  readonly phrase: string;
  readonly isExpression: boolean;
}

/** Phrases that read better than the bare token a rule was about to consume. */
const BY_RULE: ReadonlyMap<string, ReadonlyMap<TokenType, string>> = new Map([
  ['typeRef', new Map([[T.Identifier, 'a type']])],
  ['workflowParam', new Map([[T.Colon, '`:` and a type']])],
  ['args', new Map([[T.RParen, '`,` or `)`']])],
  ['listExpr', new Map([[T.RBracket, '`,` or `]`']])],
  ['importDecl', new Map([[T.StringStart, 'the path of the file to import, as a string']])],
  ['invocation', new Map([
    [T.Identifier, 'a call such as `std.ssh.exec(...)`'],
    [T.LParen, '`(`: a step or hook runs a call'],
  ])],
  ['interpolation', new Map([[T.RCurly, '`}` to end the interpolation']])],
]);

const EXPRESSION_RULES = new Set(['expression', 'operand', 'argument', 'parenExpr', 'interpolation']);

export class ExpectationRecorder implements IParserErrorMessageProvider {
  private last: Expectation | undefined;

  /** The expectation of the most recent failure, consumed once. */
  take(): Expectation | undefined {
    const e = this.last;
    this.last = undefined;
    return e;
  }

  private record(types: readonly TokenType[], phrase: string, isExpression = false): string {
    this.last = { types, phrase, isExpression };
    return phrase;
  }

  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    const special = BY_RULE.get(options.ruleName)?.get(options.expected);
    return this.record([options.expected], special ?? describeExpected(options.expected));
  }

  buildNotAllInputParsedMessage(): string {
    return this.record([], 'the end of the file');
  }

  buildNoViableAltMessage(options: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const firsts = options.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0])).filter(
      (t): t is TokenType => t !== undefined,
    );
    if (options.customUserDescription !== undefined) {
      const phrase = options.customUserDescription.replace('{prev}', options.previous.image);
      return this.record(firsts, phrase, phrase === 'an expression');
    }
    if (EXPRESSION_RULES.has(options.ruleName)) return this.record(firsts, 'an expression', true);
    return this.record(firsts, joinAlternatives(firsts.map(describeExpected)));
  }

  buildEarlyExitMessage(options: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const firsts = options.expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined);
    return this.record(firsts, options.customUserDescription ?? joinAlternatives(firsts.map(describeExpected)));
  }
}
