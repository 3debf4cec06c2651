import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from './config/env.schema';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const app = await createApp(config);
  if (config.role === 'worker') {
    await app.init();
    new Logger('Bootstrap').log('Worker started');
    return;
  }
  // Tokens signed with the well-known development secret can be forged: serve this machine only.
  const host = config.jwt.secret === DEVELOPMENT_JWT_SECRET ? '127.0.0.1' : '0.0.0.0';
  if (host !== '0.0.0.0') new Logger('Bootstrap').warn('JWT_SECRET is not set: listening on 127.0.0.1 only');
  await app.listen(config.port, host);
  new Logger('Bootstrap').log(`Duban (${config.role}) listening on http://localhost:${config.port}`);
}

void bootstrap();
