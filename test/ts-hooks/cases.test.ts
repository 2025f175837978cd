import { test } from 'uvu';
import { annotatedCaseTests, repoPath } from '../support/index.ts';

/**
 * `std.ts.call` checked against real hook modules (cases/*.mbp, their hooks
 * in cases/hooks/, through `mbp check` on disk): each file gives exactly the
 * diagnostics its `// expect` comments list, and every TypeScript hook code
 * (MBP2090–MBP2099) is expected by some case.
 */
annotatedCaseTests(test, repoPath('test', 'ts-hooks', 'cases'), { owns: /^MBP209\d$/ });

test.run();
