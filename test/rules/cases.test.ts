import { test } from 'uvu';
import { annotatedCaseTests, repoPath } from '../support/index.ts';

/**
 * Deployment rules on whole blueprint files (cases/*.mbp, through `mbp check`
 * on disk): each file gives exactly the diagnostics its `// expect` comments
 * list, and every rule (MBP3001–MBP3079) is expected by some case.
 */
annotatedCaseTests(test, repoPath('test', 'rules', 'cases'), { owns: /^MBP30[0-7]\d$/ });

test.run();
