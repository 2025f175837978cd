import { lexerDefinitionProblems } from './lexer.ts';
import { parserDefinitionProblems } from './parser.ts';

/**
 * Chevrotain's own validation of the token definitions and of the grammar
 * (unreachable patterns, ambiguous alternatives, left recursion, ...). The
 * lexer and parser the front end uses skip it, since it is a large part of
 * their construction time at every start; a test runs it instead.
 */
export function grammarDefinitionProblems(): string[] {
  return [...lexerDefinitionProblems(), ...parserDefinitionProblems()];
}
