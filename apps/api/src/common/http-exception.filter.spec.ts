import type { ArgumentsHost } from '@nestjs/common';
import { HttpExceptionFilter } from './http-exception.filter';

function hostFor(response: object, request: object = { id: 'req-1' }): ArgumentsHost {
  return {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
  } as unknown as ArgumentsHost;
}

describe('HttpExceptionFilter', () => {
  it('cuts a download that fails after its headers went out, so the client sees a failure, not a short file', () => {
    const response = { headersSent: true, destroy: jest.fn(), status: jest.fn() };
    new HttpExceptionFilter().catch(new Error('connection lost mid-export'), hostFor(response));
    expect(response.destroy).toHaveBeenCalled();
    expect(response.status).not.toHaveBeenCalled();
  });

  it('answers 503 with Retry-After and the requestId while the database is away', () => {
    const json = jest.fn();
    const response = {
      headersSent: false,
      setHeader: jest.fn(),
      getHeader: jest.fn(),
      status: jest.fn(() => ({ json })),
    };
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    new HttpExceptionFilter().catch(refused, hostFor(response));
    expect(response.status).toHaveBeenCalledWith(503);
    expect(response.setHeader).toHaveBeenCalledWith('Retry-After', '5');
    expect(json).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', requestId: 'req-1' }),
    );
  });
});
