// npm run db:seed: loads the demo data (idempotent) and prints the logins.
import { loadConfig } from '../server/src/config.ts';
import { demoSecrets } from '../server/src/demo-secrets.ts';
import { openInfra } from '../server/src/infra.ts';
import { createServices } from '../server/src/services.ts';
import { demoBanner, seedDemo } from './seed.ts';

const config = loadConfig();
if (config.env === 'production') {
  process.stderr.write('npm run db:seed loads demo users and data: it does not run with NODE_ENV=production.\n');
  process.exit(78);
}
const infra = openInfra(config);
await infra.database.migrate();
const services = createServices(infra, config);
const { adminPassword } = demoSecrets(config.dataDir);
const demo = await seedDemo(services, config.publicUrl, adminPassword);
services.flashSales.broadcaster?.close();
await infra.close();
process.stdout.write(`${demoBanner(config.publicUrl, demo, adminPassword)}\n`);
