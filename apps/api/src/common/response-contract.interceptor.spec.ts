import { Controller, Get, Logger, type INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import request from 'supertest';
import { z } from 'zod';
import { HttpExceptionFilter } from './http-exception.filter';
import { JsonText, ZodTextResponse } from './json-text';
import { ResponseContractInterceptor, type ResponseContractMode } from './response-contract.interceptor';

const itemSchema = z.object({ id: z.string(), count: z.number().int(), at: z.string() });
class ItemDto extends createZodDto(itemSchema) {}

/** What the routes below answer; each test sets it. */
let body: unknown;

@Controller()
class ProbeController {
  @Get('one')
  @ZodResponse({ status: 200, type: ItemDto })
  one() {
    return body as z.input<typeof itemSchema>;
  }

  @Get('many')
  @ZodResponse({ status: 200, type: [ItemDto] })
  many() {
    return body as z.input<typeof itemSchema>[];
  }

  @Get('text')
  @ZodTextResponse({ status: 200, type: ItemDto })
  text() {
    return new JsonText(body as string);
  }

  @Get('free')
  free() {
    return body;
  }
}

async function appIn(mode: ResponseContractMode): Promise<INestApplication> {
  const module = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
  const app = module.createNestApplication({ logger: false });
  app.useGlobalInterceptors(new ResponseContractInterceptor(app.get(Reflector), mode));
  app.useGlobalFilters(new HttpExceptionFilter());
  await app.init();
  return app;
}

describe('ResponseContractInterceptor', () => {
  let strict: INestApplication;
  let lenient: INestApplication;
  beforeAll(async () => {
    [strict, lenient] = await Promise.all([appIn('strict'), appIn('log')]);
  });
  afterAll(() => Promise.all([strict.close(), lenient.close()]));
  afterEach(() => jest.restoreAllMocks());

  it('answers through the schema: unknown keys dropped, arrays item by item', async () => {
    body = { id: 'a', count: 2, at: '2026-01-01', passwordHash: 'secret' };
    const one = await request(strict.getHttpServer()).get('/one').expect(200);
    expect(one.body).toEqual({ id: 'a', count: 2, at: '2026-01-01' });
    body = [body, { id: 'b', count: 3, at: '2026-01-02', extra: true }];
    const many = await request(strict.getHttpServer()).get('/many').expect(200);
    expect(many.body).toEqual([
      { id: 'a', count: 2, at: '2026-01-01' },
      { id: 'b', count: 3, at: '2026-01-02' },
    ]);
  });

  it('strict (test, development): a response that breaks its schema is a 500', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    body = { id: 'a', count: 'two', at: '2026-01-01' };
    const response = await request(strict.getHttpServer()).get('/one').expect(500);
    expect(response.body).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining('ProbeController.one breaks its schema: count'),
    );
    body = [{ id: 'a', count: 1, at: '2026-01-01' }, { id: 'b' }];
    await request(strict.getHttpServer()).get('/many').expect(500);
  });

  it('log (production): the mismatch is logged and the answer goes out as built', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    body = { id: 'a', count: 'two', at: '2026-01-01' };
    const response = await request(lenient.getHttpServer()).get('/one').expect(200);
    expect(response.body).toEqual(body);
    expect(warned).toHaveBeenCalledWith(expect.stringContaining('ProbeController.one breaks its schema'));
  });

  it('sends a JsonText as its text, checked in strict mode: a key the schema lacks or a value it converts is a 500', async () => {
    body = '{"id":"a","count":2,"at":"2026-01-01"}';
    for (const app of [strict, lenient]) {
      const response = await request(app.getHttpServer()).get('/text').expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).toBe(body);
    }
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    for (const broken of [
      '{"id":"a","count":2,"at":"2026-01-01","passwordHash":"x"}',
      '{"id":"a","count":"2","at":"2026-01-01"}',
    ]) {
      body = broken;
      await request(strict.getHttpServer()).get('/text').expect(500);
      // Production sends it unchecked: checking is the parse the text saves.
      expect((await request(lenient.getHttpServer()).get('/text').expect(200)).text).toBe(broken);
    }
    // Text that is not JSON at all is caught the same way.
    body = '{"id":"a","count":2,';
    await request(strict.getHttpServer()).get('/text').expect(500);
    expect(logged).toHaveBeenCalledTimes(3);
  });

  it('leaves routes without a response schema alone', async () => {
    body = { anything: ['goes'] };
    const response = await request(strict.getHttpServer()).get('/free').expect(200);
    expect(response.body).toEqual(body);
  });
});
