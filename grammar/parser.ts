import {
  CstParser,
  EOF,
  isRecognitionException,
  NonTerminal,
  Terminal,
  type CstNode,
  type IProduction,
  type IOrAlt,
  type IRecognitionException,
  type IToken,
  type OrMethodOpts,
  type TokenType,
} from 'chevrotain';
import { makeDiagnostic, type Diagnostic, type RelatedInformation } from '../compiler/diagnostics/index.ts';
import { describeFound, describeUnexpected, isReservedKeyword, isTopLevelOnly } from './describe.ts';
import type { Layout } from './layout.ts';
import { tokenEnd } from './lexer.ts';
import { ExpectationRecorder } from './parse-errors.ts';
import * as T from './tokens.ts';

/**
 * The grammar: a pure Chevrotain `CstParser`. It builds only the CST; the
 * AST comes from cst-to-ast.ts. The only code in the rules that is not
 * grammar is error handling:
 *
 * - entry lists (the file, a `{ body }`, an object literal, an object type,
 *   workflow parameters) catch an error in one entry, report it once and
 *   skip to the next entry boundary at their own nesting level (a line
 *   break, `,` or the closing bracket), so K independent mistakes give K
 *   diagnostics and the rest of the file still parses;
 * - an entry whose head parsed (`name =`, `step name =`, ...) keeps its
 *   head when its value is broken, so later stages still see the name;
 * - closing brackets of lists are checked without throwing, so an unclosed
 *   `{` is reported once, pointing at where it was opened.
 *
 * Error recovery of Chevrotain itself is off: its messages and its
 * token insertion/deletion would produce cascades we could not word well.
 */

type ListKind = 'top' | 'body' | 'object' | 'params';

const TOP_LEVEL_HELP =
  'a file holds declarations: `import`, `param`, `secret`, `let`, `output`, `os_template`, `infrastructure` and `workflow`';
const LIST_HELP: Readonly<Record<ListKind, string>> = {
  top: TOP_LEVEL_HELP,
  body: 'a body holds attributes (`name = value`), blocks (`name { ... }`), `step`, `on ... run`, `output` and `let` entries',
  object: 'an object holds `key = value` entries',
  params: 'a workflow parameter is written `name: type` or `name: type = default`',
};

const CLOSER_OF: ReadonlyMap<TokenType, { open: string; close: string; opener: TokenType }> = new Map([
  [T.RCurly, { open: '{', close: '}', opener: T.LCurly }],
  [T.RParen, { open: '(', close: ')', opener: T.LParen }],
  [T.RBracket, { open: '[', close: ']', opener: T.LBracket }],
]);

export class MbpParser extends CstParser {
  private readonly expectations: ExpectationRecorder;
  private layoutInfo: Layout | undefined;
  private file = '';
  private diagnostics: Diagnostic[] = [];
  /** Nesting level of each entry list being parsed, innermost last: where recovery re-synchronises. */
  private readonly listLevels: number[] = [];
  /** Token index of the last reported error: one mistake, one message. */
  private lastErrorIndex = -1;

  /**
   * `validate`: run Chevrotain's grammar validations (ambiguities, left
   * recursion, ...) while analysing the grammar. Production parsers skip
   * them (start-up time); `grammarDefinitionProblems` runs them in a test.
   */
  constructor(validate = false) {
    const expectations = new ExpectationRecorder();
    super(T.ALL_TOKEN_TYPES as TokenType[], {
      maxLookahead: 3,
      recoveryEnabled: false,
      nodeLocationTracking: 'none',
      errorMessageProvider: expectations,
      skipValidations: !validate,
    });
    this.expectations = expectations;
    this.performSelfAnalysis();
    assertPlainChildrenSafe(this.getGAstProductions());
  }

  /**
   * Replaces Chevrotain's CST node creation (an internal of its tree
   * builder, called on every rule invocation; Chevrotain is pinned to 11.x).
   * Chevrotain makes each node's `children` with `Object.create(null)`,
   * which V8 keeps as a hash table: every token and sub-rule added is a
   * hash insertion, on ~400,000 nodes for a 100,000-line file. A plain
   * object literal gets hidden classes instead (nodes of one rule mostly
   * share one), which made the parser about 35% faster. Its inherited keys
   * (`toString`, ...) never collide with a grammar name: checked once at
   * start-up. Node locations are off (`nodeLocationTracking: 'none'`), so
   * there is nothing else to set up.
   */
  protected cstInvocationStateUpdate(fullRuleName: string): void {
    (this as unknown as { CST_STACK: CstNode[] }).CST_STACK.push({ name: fullRuleName, children: {} });
  }

  /** Parses a laid-out token stream; never throws on bad input. */
  parseModule(layout: Layout, file: string): { cst: CstNode; diagnostics: Diagnostic[] } {
    this.layoutInfo = layout;
    this.file = file;
    this.diagnostics = [];
    this.listLevels.length = 0;
    this.lastErrorIndex = -1;
    this.input = layout.tokens;
    const cst = this.module();
    const diagnostics = this.diagnostics;
    this.layoutInfo = undefined;
    this.diagnostics = [];
    this.input = [];
    return { cst, diagnostics };
  }

  // Alternatives and loop bodies are created once, not on every rule call:
  // rules run hundreds of thousands of times on a large file.

  // ---- declarations -----------------------------------------------------------

  private readonly topAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.importDecl) },
    { ALT: () => this.SUBRULE(this.paramDecl) },
    { ALT: () => this.SUBRULE(this.secretDecl) },
    { ALT: () => this.SUBRULE(this.letDecl) },
    { ALT: () => this.SUBRULE(this.outputDecl) },
    { ALT: () => this.SUBRULE(this.osTemplateDecl) },
    { ALT: () => this.SUBRULE(this.infrastructureDecl) },
    { ALT: () => this.SUBRULE(this.workflowDecl) },
  ];
  private readonly topEntry = (): void => {
    this.OR1(this.topAlts);
  };

  /** module = { declaration | NEWLINE | "," } EOF ; */
  public module = this.RULE('module', () => {
    this.entries('top', -1, this.topEntry);
  });

  /** importDecl = "import" string "as" NAME ; */
  public importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.SUBRULE(this.stringLiteral);
    this.CONSUME(T.As);
    this.CONSUME(T.Identifier);
  });

  private readonly paramValueAlts: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(T.Equals);
        this.SUBRULE(this.expression);
      },
    },
    { ALT: () => this.SUBRULE(this.body) },
  ];
  private readonly paramRest = (): void => {
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.OR(this.paramValueAlts));
  };

  /** paramDecl = "param" NAME ":" type [ "=" expression | body ] ; */
  public paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.guarded(this.paramRest);
  });

  /** secretDecl = "secret" NAME [ ":" type ] ; */
  public secretDecl = this.RULE('secretDecl', () => {
    this.CONSUME(T.Secret);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeRef);
    });
  });

  private readonly value = (): void => {
    this.SUBRULE(this.expression);
  };

  /** letDecl = "let" NAME "=" expression ; */
  public letDecl = this.RULE('letDecl', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.guarded(this.value);
  });

  /** outputDecl = "output" NAME "=" expression ; */
  public outputDecl = this.RULE('outputDecl', () => {
    this.CONSUME(T.Output);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.guarded(this.value);
  });

  /** osTemplateDecl = "os_template" NAME body ; */
  public osTemplateDecl = this.RULE('osTemplateDecl', () => {
    this.CONSUME(T.OsTemplate);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.body);
  });

  /** infrastructureDecl = "infrastructure" NAME body ; */
  public infrastructureDecl = this.RULE('infrastructureDecl', () => {
    this.CONSUME(T.Infrastructure);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.body);
  });

  /** workflowDecl = "workflow" NAME workflowParams body ; */
  public workflowDecl = this.RULE('workflowDecl', () => {
    this.CONSUME(T.Workflow);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.workflowParams);
    this.SUBRULE(this.body);
  });

  private readonly workflowParamEntry = (): void => {
    this.SUBRULE(this.workflowParam);
  };

  /** workflowParams = "(" [ workflowParam { "," workflowParam } [ "," ] ] ")" ; */
  public workflowParams = this.RULE('workflowParams', () => {
    const open = this.nextIndex();
    this.CONSUME(T.LParen);
    this.entries('params', open, this.workflowParamEntry);
    this.close(T.RParen, open);
  });

  /** workflowParam = NAME ":" type [ "=" expression ] ; */
  public workflowParam = this.RULE('workflowParam', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  // ---- bodies -------------------------------------------------------------------

  private readonly bodyAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.entry) },
    { ALT: () => this.SUBRULE(this.stepDecl) },
    { ALT: () => this.SUBRULE(this.hookDecl) },
    { ALT: () => this.SUBRULE(this.outputDecl) },
    { ALT: () => this.SUBRULE(this.letDecl) },
  ];
  private readonly bodyEntry = (): void => {
    this.OR1(this.bodyAlts);
  };

  /** body = "{" { bodyEntry | NEWLINE | "," } "}" ;  bodyEntry = entry | stepDecl | hookDecl | outputDecl | letDecl ; */
  public body = this.RULE('body', () => {
    const open = this.nextIndex();
    this.CONSUME(T.LCurly);
    this.entries('body', open, this.bodyEntry);
    this.close(T.RCurly, open);
  });

  private readonly entryAlts: OrMethodOpts<unknown> = {
    DEF: [
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.guarded(this.value);
        },
      },
      {
        ALT: () => {
          this.MANY(this.labelOne);
          this.SUBRULE(this.body);
        },
      },
    ],
    ERR_MSG: '`=` or `{` after `{prev}`',
  };
  private readonly labelOne = (): void => {
    this.SUBRULE(this.label);
  };

  /**
   * entry = NAME "=" expression        (an attribute)
   *       | NAME { label } body ;       (a block)
   */
  public entry = this.RULE('entry', () => {
    this.CONSUME(T.Identifier);
    this.OR(this.entryAlts);
  });

  private readonly labelAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(T.Identifier) },
    { ALT: () => this.CONSUME(T.IntLiteral) },
    { ALT: () => this.SUBRULE(this.stringLiteral) },
  ];

  /** label = NAME | INT | string ; */
  public label = this.RULE('label', () => {
    this.OR(this.labelAlts);
  });

  private readonly optionsBody = (): void => {
    this.SUBRULE(this.body);
  };
  private readonly stepRest = (): void => {
    this.SUBRULE(this.invocation);
    this.OPTION(this.optionsBody);
  };

  /** stepDecl = "step" NAME "=" invocation [ body ] ; */
  public stepDecl = this.RULE('stepDecl', () => {
    this.CONSUME(T.Step);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.guarded(this.stepRest);
  });

  private readonly hookRest = (): void => {
    this.OPTION(() => {
      this.CONSUME2(T.Identifier);
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.invocation);
    this.OPTION2(this.optionsBody);
  };

  /** hookDecl = "on" NAME "run" [ NAME "=" ] invocation [ body ] ; */
  public hookDecl = this.RULE('hookDecl', () => {
    this.CONSUME(T.On);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Run);
    this.guarded(this.hookRest);
  });

  private readonly memberName = (): void => {
    this.CONSUME(T.Dot);
    this.CONSUME(T.Name);
  };

  /** invocation = NAME { "." NAME } args ; */
  public invocation = this.RULE('invocation', () => {
    this.CONSUME(T.Identifier);
    this.MANY(this.memberName);
    this.SUBRULE(this.args);
  });

  // ---- types --------------------------------------------------------------------

  private readonly typeArgAlts: OrMethodOpts<unknown> = {
    DEF: [{ ALT: () => this.SUBRULE(this.objectType) }, { ALT: () => this.SUBRULE(this.typeRef) }],
    ERR_MSG: 'a type',
  };

  /** typeRef = NAME [ "(" ( typeRef | objectType ) ")" ] ; */
  public typeRef = this.RULE('typeRef', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OR(this.typeArgAlts);
      this.CONSUME(T.RParen);
    });
  });

  private readonly objectTypeEntry = (): void => {
    this.SUBRULE(this.objectTypeField);
  };

  /** objectType = "{" { objectTypeField | NEWLINE | "," } "}" ; */
  public objectType = this.RULE('objectType', () => {
    const open = this.nextIndex();
    this.CONSUME(T.LCurly);
    this.entries('object', open, this.objectTypeEntry);
    this.close(T.RCurly, open);
  });

  /** objectTypeField = NAME "=" typeRef ; */
  public objectTypeField = this.RULE('objectTypeField', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.typeRef);
  });

  // ---- expressions ----------------------------------------------------------------

  private readonly binaryTail = (): void => {
    this.CONSUME(T.BinaryOperator);
    this.SUBRULE2(this.operand);
  };
  private readonly conditionalTail = (): void => {
    this.CONSUME(T.Question);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    this.SUBRULE2(this.expression);
  };

  /**
   * expression = operand { BINARY_OP operand } [ "?" expression ":" expression ] ;
   * Operators are kept flat here; precedence is applied when building the AST.
   * The first operand is written out in place (same body as `operand`): most
   * values are a single operand, and one CST node less per value is
   * measurably faster on large files.
   */
  public expression = this.RULE('expression', () => {
    this.MANY(this.prefixOperator);
    this.OR(this.primaryAlts);
    this.MANY2(this.postfixOne);
    this.MANY3(this.binaryTail);
    this.OPTION(this.conditionalTail);
  });

  private readonly prefixOperator = (): void => {
    this.CONSUME(T.PrefixOperator);
  };
  private readonly primaryAlts: OrMethodOpts<unknown> = {
    DEF: [
      // `true`, `false` and `null` are also names; as an operand they are literals.
      { ALT: () => this.CONSUME(T.Literal), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.forExpr) },
      { ALT: () => this.SUBRULE(this.listExpr) },
      { ALT: () => this.SUBRULE(this.objectExpr) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
    ],
    ERR_MSG: 'an expression',
  };
  private readonly postfixOne = (): void => {
    this.SUBRULE(this.postfix);
  };

  /**
   * operand = { "-" | "!" } primary { postfix } ;
   * primary = LITERAL | string | NAME | forExpr | listExpr | objectExpr | parenExpr ;
   */
  public operand = this.RULE('operand', () => {
    this.MANY(this.prefixOperator);
    this.OR(this.primaryAlts);
    this.MANY2(this.postfixOne);
  });

  private readonly postfixAlts: IOrAlt<unknown>[] = [
    { ALT: this.memberName },
    {
      ALT: () => {
        this.CONSUME(T.LBracket);
        this.SUBRULE(this.expression);
        this.CONSUME(T.RBracket);
      },
    },
    { ALT: () => this.SUBRULE(this.args) },
  ];

  /** postfix = "." NAME | "[" expression "]" | args ; */
  public postfix = this.RULE('postfix', () => {
    this.OR(this.postfixAlts);
  });

  private readonly moreArguments = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.argument);
  };
  private readonly trailingComma = (): void => {
    this.CONSUME2(T.Comma);
  };
  private readonly argumentList = (): void => {
    this.SUBRULE(this.argument);
    this.MANY(this.moreArguments);
    this.OPTION2(this.trailingComma);
  };

  /** args = "(" [ argument { "," argument } [ "," ] ] ")" ; */
  public args = this.RULE('args', () => {
    this.CONSUME(T.LParen);
    this.OPTION(this.argumentList);
    this.CONSUME(T.RParen);
  });

  private readonly argumentAlts: OrMethodOpts<unknown> = {
    DEF: [
      {
        ALT: () => {
          this.CONSUME(T.Name);
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression);
        },
      },
      { ALT: () => this.SUBRULE2(this.expression) },
    ],
    ERR_MSG: 'an expression',
  };

  /** argument = NAME "=" expression | expression ; */
  public argument = this.RULE('argument', () => {
    this.OR(this.argumentAlts);
  });

  /** forExpr = "[" "for" NAME [ "," NAME ] "in" expression ":" expression [ "if" expression ] "]" ; */
  public forExpr = this.RULE('forExpr', () => {
    this.CONSUME(T.LBracket);
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier);
    });
    this.CONSUME(T.In);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    this.SUBRULE2(this.expression);
    this.OPTION2(() => {
      this.CONSUME(T.If);
      this.SUBRULE3(this.expression);
    });
    this.CONSUME(T.RBracket);
  });

  private readonly moreItems = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expression);
  };
  private readonly itemList = (): void => {
    this.SUBRULE(this.expression);
    this.MANY(this.moreItems);
    this.OPTION2(this.trailingComma);
  };

  /** listExpr = "[" [ expression { "," expression } [ "," ] ] "]" ; */
  public listExpr = this.RULE('listExpr', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(this.itemList);
    this.CONSUME(T.RBracket);
  });

  private readonly objectEntryOne = (): void => {
    this.SUBRULE(this.objectEntry);
  };

  /** objectExpr = "{" { objectEntry | NEWLINE | "," } "}" ; */
  public objectExpr = this.RULE('objectExpr', () => {
    const open = this.nextIndex();
    this.CONSUME(T.LCurly);
    this.entries('object', open, this.objectEntryOne);
    this.close(T.RCurly, open);
  });

  private readonly objectKeyAlts: OrMethodOpts<unknown> = {
    DEF: [{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.SUBRULE(this.stringLiteral) }],
    ERR_MSG: 'a key (a name or a string)',
  };

  /** objectEntry = ( NAME | string ) "=" expression ; */
  public objectEntry = this.RULE('objectEntry', () => {
    this.OR(this.objectKeyAlts);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  /** parenExpr = "(" expression ")" ; */
  public parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  private readonly stringPartAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(T.StringText) },
    { ALT: () => this.CONSUME(T.StringEscape) },
    { ALT: () => this.CONSUME(T.DollarEscape) },
    { ALT: () => this.SUBRULE(this.interpolation) },
  ];
  private readonly heredocPartAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(T.HeredocText) },
    { ALT: () => this.CONSUME2(T.DollarEscape) },
    { ALT: () => this.SUBRULE2(this.interpolation) },
  ];
  private readonly stringPart = (): void => {
    this.OR1(this.stringPartAlts);
  };
  private readonly heredocPart = (): void => {
    this.OR2(this.heredocPartAlts);
  };
  private readonly stringAlts: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(T.StringStart);
        this.MANY(this.stringPart);
        this.CONSUME(T.StringEnd);
      },
    },
    {
      ALT: () => {
        this.CONSUME(T.HeredocStart);
        this.MANY2(this.heredocPart);
        this.CONSUME(T.HeredocEnd);
      },
    },
  ];

  /**
   * stringLiteral = '"' { TEXT | ESCAPE | "$${" | interpolation } '"'
   *               | '"""' { TEXT | "$${" | interpolation } '"""' ;
   */
  public stringLiteral = this.RULE('stringLiteral', () => {
    this.OR(this.stringAlts);
  });

  /** interpolation = "${" expression "}" ; */
  public interpolation = this.RULE('interpolation', () => {
    this.CONSUME(T.InterpolationStart);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RCurly);
  });

  // ---- error handling ---------------------------------------------------------------

  /**
   * A list of entries separated by line breaks or commas. Written as a
   * Chevrotain MANY so the grammar is recorded faithfully; at parse time
   * the loop also resumes after a token no entry can start with.
   */
  private entries(kind: ListKind, open: number, entry: () => void): void {
    const recording = this.RECORDING_PHASE;
    const level = recording || open < 0 ? 0 : this.layout().levels[open]! + 1;
    const outerEntry = this.listEntry;
    this.listEntry = entry;
    this.listLevels.push(level);
    try {
      for (;;) {
        this.MANY(this.listItem);
        if (recording || this.atListEnd(kind, open, level)) break;
        this.reportUnexpected(kind);
        // The unexpected token itself may be a separator (a stray `,`): always move past it.
        this.SKIP_TOKEN();
        this.resync(level);
      }
    } finally {
      this.listLevels.pop();
      this.listEntry = outerEntry;
    }
  }

  /** The entry rule of the innermost list being parsed (set by `entries`). */
  private listEntry: () => void = () => undefined;
  private readonly comma = (): IToken => this.CONSUME(T.Comma);
  private readonly listItemAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(T.Newline) },
    {
      ALT: () => {
        this.guarded(this.listEntry);
        const comma = this.OPTION(this.comma);
        if (!this.RECORDING_PHASE && comma === undefined) {
          this.requireSeparator(this.listLevels[this.listLevels.length - 1] ?? 0);
        }
      },
    },
  ];
  private readonly listItem = (): void => {
    this.OR(this.listItemAlts);
  };

  /** The closing bracket of a list; a missing one is reported without throwing, so the list keeps its entries. */
  private close(closer: TokenType, open: number): void {
    const token = this.OPTION9(() => this.CONSUME9(closer));
    if (this.RECORDING_PHASE || token !== undefined) return;
    this.reportMissingCloser(closer, open);
  }

  /** Runs part of a rule; a syntax error inside is reported and skipped up to the next entry boundary. */
  private guarded(part: () => void): void {
    if (this.RECORDING_PHASE) {
      part();
      return;
    }
    try {
      part();
    } catch (e) {
      if (!(e instanceof Error) || !isRecognitionException(e)) throw e;
      this.reportRecognition(e as IRecognitionException);
      this.resync(this.listLevels[this.listLevels.length - 1] ?? 0);
    }
  }

  private layout(): Layout {
    if (this.layoutInfo === undefined) throw new Error('parser used without a layout');
    return this.layoutInfo;
  }

  /** Index of the next token (LA(1)) in the input; equals the input length at the end. */
  private nextIndex(): number {
    // Chevrotain keeps the position in `currIdx` (the last consumed token) and has no public accessor.
    return (this as unknown as { currIdx: number }).currIdx + 1;
  }

  private levelAt(index: number): number {
    return this.layout().levels[index] ?? 0;
  }

  private isEnd(token: IToken): boolean {
    return token.tokenType === EOF;
  }

  /** Skips to the next line break or `,` at `level`, or to a token that leaves the list (its closing bracket). */
  private resync(level: number): void {
    for (;;) {
      const token = this.LA(1);
      if (this.isEnd(token)) return;
      const at = this.levelAt(this.nextIndex());
      if (at < level) return;
      if (at === level && (token.tokenType === T.Newline || token.tokenType === T.Comma)) return;
      this.SKIP_TOKEN();
    }
  }

  private atListEnd(kind: ListKind, open: number, level: number): boolean {
    const token = this.LA(1);
    if (this.isEnd(token)) return true;
    if (this.levelAt(this.nextIndex()) < level) return true;
    // `workflow` inside a body whose `}` never comes: the body ends here and the declaration parses at the top.
    return kind === 'body' && isTopLevelOnly(token) && this.layout().unclosed.has(open);
  }

  private requireSeparator(level: number): void {
    const token = this.LA(1);
    if (this.isEnd(token) || token.tokenType === T.Newline) return;
    if (this.levelAt(this.nextIndex()) < level) return;
    // The entry ended with a body whose last line break separates it from what follows.
    const previous = this.LA(0);
    if (previous.tokenType === T.Newline) return;
    // A block comment spanning lines separates entries like a line break does.
    if (!this.isEnd(previous) && /[\r\n]/.test(this.layout().text.slice(tokenEnd(previous), token.startOffset))) return;
    if (CLOSER_OF.has(token.tokenType)) this.report('MBP1015', token, { found: describeUnexpected(token) });
    else this.report('MBP1019', token, { found: describeFound(token) });
    this.resync(level);
  }

  private reportUnexpected(kind: ListKind): void {
    const token = this.LA(1);
    const found = describeUnexpected(token);
    if (kind === 'body' && isTopLevelOnly(token)) {
      this.report('MBP1022', token, { keyword: token.image });
      return;
    }
    let help = LIST_HELP[kind];
    if (kind === 'top' && token.tokenType === T.Identifier && this.LA(2).tokenType === T.Equals) {
      help = 'attributes belong inside a block; for a named value at the top level write `let ' + token.image + ' = ...`';
    }
    this.report('MBP1015', token, { found }, { help });
  }

  private reportMissingCloser(closer: TokenType, open: number): void {
    const token = this.LA(1);
    const pair = CLOSER_OF.get(closer)!;
    if (this.layout().unclosed.has(open)) {
      this.report(
        'MBP1014',
        token,
        { open: pair.open, close: pair.close, found: describeFound(token) },
        { related: this.openedHere(open) },
      );
    } else {
      this.report('MBP1013', token, { expected: '`' + pair.close + '`', found: describeFound(token) });
    }
  }

  private reportRecognition(e: IRecognitionException): void {
    const next = this.LA(1);
    // A line break restored before a declaration keyword: what is missing is best shown at the keyword.
    const token = next.tokenType === T.Newline && this.layout().pointAhead.has(this.nextIndex()) ? this.LA(2) : next;
    const expectation = this.expectations.take();
    const found = describeFound(token);
    const types = expectation?.types ?? [];
    if (expectation?.isExpression === true) {
      this.report('MBP1016', token, { found });
      return;
    }
    if (isReservedKeyword(token) && (types.includes(T.Identifier) || types.includes(T.Name))) {
      this.report('MBP1021', token, { word: token.image });
      return;
    }
    for (const type of types) {
      const pair = CLOSER_OF.get(type);
      if (pair === undefined) continue;
      const open = this.isEnd(token) ? this.layout().openAtEnd : this.layout().enclosing[this.nextIndex()] ?? -1;
      if (open >= 0 && this.layout().unclosed.has(open) && this.layout().tokens[open]?.tokenType === pair.opener) {
        this.report('MBP1014', token, { open: pair.open, close: pair.close, found }, { related: this.openedHere(open) });
        return;
      }
    }
    this.report('MBP1013', token, { expected: expectation?.phrase ?? e.message, found });
  }

  /** Related spans for an unclosed bracket and the brackets around it that are unclosed too. */
  private openedHere(open: number): RelatedInformation[] {
    const { tokens, enclosing, unclosed } = this.layout();
    const related: RelatedInformation[] = [];
    for (let i = open; i >= 0 && related.length < 5; i = enclosing[i] ?? -1) {
      if (!unclosed.has(i)) continue;
      const t = tokens[i]!;
      related.push({ message: '`' + t.image + '` opened here', file: this.file, range: { start: t.startOffset, end: tokenEnd(t) } });
    }
    return related;
  }

  private report(
    code: 'MBP1013' | 'MBP1014' | 'MBP1015' | 'MBP1016' | 'MBP1019' | 'MBP1021' | 'MBP1022',
    token: IToken,
    args: Readonly<Record<string, string>>,
    extras: { related?: RelatedInformation[]; help?: string } = {},
  ): void {
    const index = this.nextIndex();
    if (index === this.lastErrorIndex) return;
    this.lastErrorIndex = index;
    if (this.followsLexicalError(token)) return;
    this.diagnostics.push(makeDiagnostic(code, this.file, this.rangeOf(token), args, extras));
  }

  /** True when the lexer already reported the text just before `token` (so this is the same mistake). */
  private followsLexicalError(token: IToken): boolean {
    const { gaps, swallowedToEnd } = this.layout();
    // After a swallowed end of file, anything failing within the last few tokens is missing input.
    if (swallowedToEnd && (this.isEnd(token) || this.isEnd(this.LA(2)) || this.isEnd(this.LA(3)))) return true;
    if (gaps.length === 0) return false;
    const previous = this.LA(0);
    const after = this.isEnd(previous) ? 0 : tokenEnd(previous);
    const before = this.isEnd(token) ? Infinity : token.startOffset;
    return gaps.some((g) => g.start >= after && g.start <= before);
  }

  /** Where to point for a token; the end of the file and line breaks get a one-character (or empty) range. */
  private rangeOf(token: IToken): { start: number; end: number } {
    if (this.isEnd(token)) {
      // Just after the last token that is not a line break: where the missing code belongs.
      const raw = this.layout().raw;
      let i = raw.length - 1;
      while (i >= 0 && raw[i]!.tokenType === T.Newline) i--;
      const end = i < 0 ? 0 : tokenEnd(raw[i]!);
      return { start: end, end };
    }
    if (token.tokenType === T.Newline) return { start: token.startOffset, end: token.startOffset + 1 };
    return { start: token.startOffset, end: Math.max(tokenEnd(token), token.startOffset) };
  }
}

/** Names of every token and sub-rule a rule's CST node can hold (what `CONSUME` and `SUBRULE` file them under). */
function childKeys(definition: readonly IProduction[], into: Set<string>): Set<string> {
  for (const p of definition) {
    if (p instanceof Terminal) into.add(p.label ?? p.terminalType.name);
    // A NonTerminal's `definition` is the called rule's: only its name belongs to this node.
    else if (p instanceof NonTerminal) into.add(p.label ?? p.nonTerminalName);
    else childKeys((p as unknown as { definition: IProduction[] }).definition, into);
  }
  return into;
}

/** CST `children` are plain objects (see `cstInvocationStateUpdate`): no key may be one they inherit. */
function assertPlainChildrenSafe(rules: Record<string, { definition: IProduction[] }>): void {
  for (const rule of Object.values(rules)) {
    for (const key of childKeys(rule.definition, new Set())) {
      if (key in Object.prototype) throw new Error(`CST key \`${key}\` collides with an Object.prototype member`);
    }
  }
}

let parser: MbpParser | undefined;

/** The parser is built once per process: building it analyses the whole grammar. */
export function getParser(): MbpParser {
  parser ??= new MbpParser();
  return parser;
}

/** What Chevrotain's validations find wrong with the grammar (empty when nothing). */
export function parserDefinitionProblems(): string[] {
  try {
    new MbpParser(true);
    return [];
  } catch (e) {
    // Chevrotain reports every definition error at once, in one exception.
    return [e instanceof Error ? e.message : String(e)];
  }
}
