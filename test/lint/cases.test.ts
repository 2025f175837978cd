import { test } from 'uvu';
import { annotatedCaseTests, repoPath } from '../support/index.ts';

/**
 * Lint on whole blueprint files (cases/*.mbp, through `mbp check` on disk):
 * each file gives exactly the diagnostics its `// expect` comments list, and
 * the problems of disable comments (MBP3090–MBP3099) are expected by some case.
 */
annotatedCaseTests(test, repoPath('test', 'lint', 'cases'), { owns: /^MBP309\d$/ });

test.run();
