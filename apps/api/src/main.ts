import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/env.schema';

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
  await app.listen(config.port, '0.0.0.0');
  new Logger('Bootstrap').log(`Duban (${config.role}) listening on http://localhost:${config.port}`);
}

void bootstrap();
