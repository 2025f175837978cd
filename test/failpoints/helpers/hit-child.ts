// Reaches the failpoint `test.point` three times, printing after each pass;
// MBP_FAILPOINTS from the environment decides what happens.
import { failpoint } from '../../../runtime/failpoints/index.ts';

for (let i = 1; i <= 3; i++) {
  try {
    await failpoint('test.point');
    process.stdout.write(`passed ${i}\n`);
  } catch (e) {
    process.stdout.write(`threw ${i}: ${(e as Error).message}\n`);
  }
}
