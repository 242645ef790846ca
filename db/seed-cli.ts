// npm run db:seed: loads the demo data (idempotent) and prints the logins.
import { loadConfig } from '../server/src/config.ts';
import { openInfra } from '../server/src/infra.ts';
import { createServices } from '../server/src/services.ts';
import { demoBanner, seedDemo } from './seed.ts';

const config = loadConfig();
const infra = openInfra(config);
await infra.database.migrate();
const services = createServices(infra, config);
const demo = await seedDemo(services, config.publicUrl);
services.flashSales.broadcaster?.close();
await infra.close();
process.stdout.write(`${demoBanner(config.publicUrl, demo)}\n`);
