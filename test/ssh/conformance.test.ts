import { execConformance } from '../../runtime/drivers/conformance/index.ts';
import { SshExecDriver } from '../../runtime/drivers/ssh/index.ts';
import { makeTempDir } from '../support/index.ts';
import { freePort } from '../http/local-server.ts';
import { generateKeyPair, startSshServer } from './ssh-server.ts';

const client = generateKeyPair('client');

execConformance('ssh', async () => {
  const server = await startSshServer({ authorizedKeys: [client.public] });
  const scratch = makeTempDir();
  const driver = new SshExecDriver({ agentSocket: null });
  return {
    driver,
    target: { host: server.host, port: server.port, user: 'root', auth: { privateKey: client.private }, hostKey: server.hostKey },
    unreachable: { host: '127.0.0.1', port: await freePort(), user: 'root', auth: { privateKey: client.private } },
    scratchDir: scratch.path,
    async dispose() {
      await driver.close();
      await server.close();
      scratch.cleanup();
    },
  };
}).run();
