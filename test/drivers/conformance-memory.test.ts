import { MemoryExecDriver, MemoryHttpDriver } from '../../runtime/drivers/index.ts';
import { execConformance, httpConformance } from '../../runtime/drivers/conformance/index.ts';

execConformance('memory', async () => ({
  driver: new MemoryExecDriver({ hosts: ['10.20.0.5'] }),
  target: { host: '10.20.0.5', port: 22, user: 'root' },
  unreachable: { host: '10.20.0.99', port: 22, user: 'root' },
  scratchDir: '/tmp',
})).run();

httpConformance('memory', async () => {
  const driver = new MemoryHttpDriver();
  return {
    driver,
    async serve(handler) {
      driver.serve('http://hooks.test', handler);
      return 'http://hooks.test';
    },
    unreachableUrl: 'http://nothing.test/x',
  };
}).run();
