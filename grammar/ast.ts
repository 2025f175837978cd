/**
 * The abstract syntax tree. Nodes are readonly, tagged by `kind`, and carry
 * a `span` of UTF-16 offsets (end exclusive). Names are `{ text, span }` so
 * later stages can point at the name rather than the whole node.
 *
 * A file with syntax errors still gives a tree: a broken value becomes an
 * `ErrorExpr`, a broken type an `ErrorType`, and an entry that could not be
 * parsed at all is left out (its diagnostic says why).
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Name {
  readonly text: string;
  readonly span: Span;
}

interface NodeBase {
  readonly span: Span;
}

interface Documented {
  /** Text of the `///` lines right above, without the slashes. */
  readonly doc?: string;
}

// ---- module and declarations ----------------------------------------------------

export interface Module extends NodeBase {
  readonly kind: 'Module';
  readonly file: string;
  /** Text of the `//!` lines at the top of the file. */
  readonly doc?: string;
  readonly declarations: readonly Declaration[];
}

export type Declaration = Import | Param | Secret | Let | Output | OsTemplate | Infrastructure | Workflow;

export interface Import extends NodeBase, Documented {
  readonly kind: 'Import';
  readonly path: StringLit;
  readonly alias: Name;
}

/** `param NAME: TYPE`, with a default (`= expr`) or a body of constraints (`{ default = 4, min = 1 }`). */
export interface Param extends NodeBase, Documented {
  readonly kind: 'Param';
  readonly name: Name;
  readonly type: TypeRef;
  readonly default?: Expr;
  readonly body?: Body;
}

export interface Secret extends NodeBase, Documented {
  readonly kind: 'Secret';
  readonly name: Name;
  readonly type?: TypeRef;
}

export interface Let extends NodeBase, Documented {
  readonly kind: 'Let';
  readonly name: Name;
  readonly value: Expr;
}

/** At the top level, in an infrastructure, or in a workflow (its return value). */
export interface Output extends NodeBase, Documented {
  readonly kind: 'Output';
  readonly name: Name;
  readonly value: Expr;
}

export interface OsTemplate extends NodeBase, Documented {
  readonly kind: 'OsTemplate';
  readonly name: Name;
  readonly body: Body;
}

export interface Infrastructure extends NodeBase, Documented {
  readonly kind: 'Infrastructure';
  readonly name: Name;
  readonly body: Body;
}

export interface Workflow extends NodeBase, Documented {
  readonly kind: 'Workflow';
  readonly name: Name;
  readonly params: readonly WorkflowParam[];
  readonly body: Body;
}

export interface WorkflowParam extends NodeBase {
  readonly kind: 'WorkflowParam';
  readonly name: Name;
  readonly type: TypeRef;
  readonly default?: Expr;
}

// ---- bodies -------------------------------------------------------------------------

/** The `{ ... }` of a block or declaration. Which entries are valid where is the checker's business. */
export interface Body extends NodeBase {
  readonly kind: 'Body';
  readonly entries: readonly BodyEntry[];
}

export type BodyEntry = Attribute | Block | Step | Hook | Output | Let;

export interface Attribute extends NodeBase, Documented {
  readonly kind: 'Attribute';
  readonly name: Name;
  readonly value: Expr;
}

/** `NAME label* { body }`, e.g. `network wan { }`, `port 0 { }`, `rollout { }`. */
export interface Block extends NodeBase, Documented {
  readonly kind: 'Block';
  /** The block's type word: `network`, `port`, `instance_array`, ... */
  readonly name: Name;
  readonly labels: readonly Label[];
  readonly body: Body;
}

export interface Label extends NodeBase {
  readonly kind: 'Label';
  /** How it was written: `wan` (name), `0` (int) or `"wan"` (string). */
  readonly form: 'name' | 'int' | 'string';
  /** The label's value: the name, the decoded string, or the digits of the int. */
  readonly text: string;
}

/** `step NAME = CALL(args) [{ options }]`. */
export interface Step extends NodeBase, Documented {
  readonly kind: 'Step';
  readonly name: Name;
  readonly call: Call | ErrorExpr;
  readonly options?: Body;
}

/** `on PHASE run [NAME =] CALL(args) [{ options }]`. */
export interface Hook extends NodeBase, Documented {
  readonly kind: 'Hook';
  readonly phase: Name;
  readonly name?: Name;
  readonly call: Call | ErrorExpr;
  readonly options?: Body;
}

// ---- types ---------------------------------------------------------------------------

export type TypeRef = TypeName | ListType | MapType | ObjectType | ErrorType;

export const BUILTIN_TYPE_NAMES = [
  'string', 'int', 'bool', 'duration', 'size', 'ip', 'cidr',
  'instance', 'instance_array', 'network', 'subnet',
] as const;
export type BuiltinTypeName = (typeof BUILTIN_TYPE_NAMES)[number];

/** A type without arguments. An unknown name is reported (MBP1023) and still gives a `TypeName`. */
export interface TypeName extends NodeBase {
  readonly kind: 'TypeName';
  readonly name: Name;
}

export interface ListType extends NodeBase {
  readonly kind: 'ListType';
  readonly element: TypeRef;
}

export interface MapType extends NodeBase {
  readonly kind: 'MapType';
  readonly element: TypeRef;
}

export interface ObjectType extends NodeBase {
  readonly kind: 'ObjectType';
  readonly fields: readonly ObjectTypeField[];
}

export interface ObjectTypeField extends NodeBase {
  readonly kind: 'ObjectTypeField';
  readonly name: Name;
  readonly type: TypeRef;
}

export interface ErrorType extends NodeBase {
  readonly kind: 'ErrorType';
}

// ---- expressions -------------------------------------------------------------------

export type Expr =
  | StringLit
  | IntLit
  | BoolLit
  | NullLit
  | DurationLit
  | SizeLit
  | IpLit
  | CidrLit
  | Ref
  | Member
  | Index
  | Call
  | ListExpr
  | ObjectExpr
  | ForExpr
  | Conditional
  | Binary
  | Unary
  | Paren
  | ErrorExpr;

export interface StringLit extends NodeBase {
  readonly kind: 'StringLit';
  readonly parts: readonly StringPart[];
  /** The decoded text when the string has no interpolation. */
  readonly value?: string;
  /** Written with `"""`. */
  readonly multiline: boolean;
}

export type StringPart = StringText | Interpolation;

/** Literal text of a string, escapes decoded (and, in `"""` strings, common indentation removed). */
export interface StringText extends NodeBase {
  readonly kind: 'StringText';
  readonly value: string;
}

export interface Interpolation extends NodeBase {
  readonly kind: 'Interpolation';
  readonly expr: Expr;
}

export interface IntLit extends NodeBase {
  readonly kind: 'IntLit';
  readonly value: number;
}

export interface BoolLit extends NodeBase {
  readonly kind: 'BoolLit';
  readonly value: boolean;
}

export interface NullLit extends NodeBase {
  readonly kind: 'NullLit';
}

export interface DurationLit extends NodeBase {
  readonly kind: 'DurationLit';
  /** Milliseconds. */
  readonly value: number;
  readonly text: string;
}

export interface SizeLit extends NodeBase {
  readonly kind: 'SizeLit';
  /** Bytes. */
  readonly value: number;
  readonly text: string;
}

export interface IpLit extends NodeBase {
  readonly kind: 'IpLit';
  readonly family: 4 | 6;
  /** Canonical form (IPv6 compressed as in RFC 5952). */
  readonly address: string;
  readonly text: string;
}

export interface CidrLit extends NodeBase {
  readonly kind: 'CidrLit';
  readonly family: 4 | 6;
  /** Canonical form of the network address (a CIDR with host bits set is an error, MBP1010, and an `ErrorExpr`). */
  readonly address: string;
  readonly prefix: number;
  readonly text: string;
}

export interface Ref extends NodeBase {
  readonly kind: 'Ref';
  readonly name: Name;
}

export interface Member extends NodeBase {
  readonly kind: 'Member';
  readonly object: Expr;
  readonly name: Name;
}

export interface Index extends NodeBase {
  readonly kind: 'Index';
  readonly object: Expr;
  readonly index: Expr;
}

export interface Call extends NodeBase {
  readonly kind: 'Call';
  /** A `Ref` or a chain of `Member`s: `render`, `std.ssh.exec`. */
  readonly callee: Expr;
  readonly args: readonly Expr[];
  readonly named: readonly NamedArg[];
}

export interface NamedArg extends NodeBase {
  readonly kind: 'NamedArg';
  readonly name: Name;
  readonly value: Expr;
}

export interface ListExpr extends NodeBase {
  readonly kind: 'ListExpr';
  readonly items: readonly Expr[];
}

export interface ObjectExpr extends NodeBase {
  readonly kind: 'ObjectExpr';
  readonly entries: readonly ObjectEntry[];
}

export interface ObjectEntry extends NodeBase {
  readonly kind: 'ObjectEntry';
  /** The key's text; `quoted` when it was written as a string (`"M.40.256.4" = 1`). */
  readonly key: Name;
  readonly quoted: boolean;
  readonly value: Expr;
}

/** `[for x in xs: body]`, `[for k, v in m: body]`, optionally `... if filter]`. */
export interface ForExpr extends NodeBase {
  readonly kind: 'ForExpr';
  /** With two variables, the first is the key (or list index). */
  readonly keyVar?: Name;
  readonly valueVar: Name;
  readonly iterable: Expr;
  readonly body: Expr;
  readonly filter?: Expr;
}

export interface Conditional extends NodeBase {
  readonly kind: 'Conditional';
  readonly condition: Expr;
  readonly whenTrue: Expr;
  readonly whenFalse: Expr;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface Binary extends NodeBase {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

export interface Unary extends NodeBase {
  readonly kind: 'Unary';
  readonly op: '-' | '!';
  readonly operand: Expr;
}

export interface Paren extends NodeBase {
  readonly kind: 'Paren';
  readonly expr: Expr;
}

/** Stands in for a value that could not be parsed or is an invalid literal; its diagnostic is already reported. */
export interface ErrorExpr extends NodeBase {
  readonly kind: 'ErrorExpr';
}

// ---- all nodes -----------------------------------------------------------------------

export type Node =
  | Module
  | Declaration
  | WorkflowParam
  | Body
  | Attribute
  | Block
  | Label
  | Step
  | Hook
  | TypeRef
  | ObjectTypeField
  | Expr
  | StringText
  | Interpolation
  | NamedArg
  | ObjectEntry;

export type NodeKind = Node['kind'];

/** Every node kind, for exhaustive checks and coverage tests. */
export const NODE_KINDS = [
  'Module', 'Import', 'Param', 'Secret', 'Let', 'Output', 'OsTemplate', 'Infrastructure', 'Workflow',
  'WorkflowParam', 'Body', 'Attribute', 'Block', 'Label', 'Step', 'Hook',
  'TypeName', 'ListType', 'MapType', 'ObjectType', 'ObjectTypeField', 'ErrorType',
  'StringLit', 'StringText', 'Interpolation', 'IntLit', 'BoolLit', 'NullLit', 'DurationLit', 'SizeLit',
  'IpLit', 'CidrLit', 'Ref', 'Member', 'Index', 'Call', 'NamedArg', 'ListExpr', 'ObjectExpr', 'ObjectEntry',
  'ForExpr', 'Conditional', 'Binary', 'Unary', 'Paren', 'ErrorExpr',
] as const satisfies readonly NodeKind[];

/** Kinds that only appear in a tree built from a file with errors. */
export const ERROR_NODE_KINDS = ['ErrorExpr', 'ErrorType'] as const satisfies readonly NodeKind[];

// Fails to compile if a kind is missing from NODE_KINDS.
type MissingKinds = Exclude<NodeKind, (typeof NODE_KINDS)[number]>;
const noMissingKinds: MissingKinds extends never ? true : never = true;
void noMissingKinds;

export type NodeOfKind<K extends NodeKind> = Extract<Node, { kind: K }>;
