import { TextDecoder, TextEncoder } from 'node:util';
import { configure } from '@testing-library/dom';

// Pages are lazy chunks and the first import of antd's table compiles slowly; give findBy* time.
configure({ asyncUtilTimeout: 8000 });

// react-router encodes with TextEncoder, which jsdom does not provide.
if (!globalThis.TextEncoder) Object.assign(globalThis, { TextEncoder, TextDecoder });

// jsdom lacks a few browser APIs antd relies on; stub them the way a real browser answers.
function mediaMatches(query: string): boolean {
  const min = /min-width:\s*([\d.]+)px/.exec(query);
  const max = /max-width:\s*([\d.]+)px/.exec(query);
  if (!min && !max) return false;
  return (!min || window.innerWidth >= Number(min[1])) && (!max || window.innerWidth <= Number(max[1]));
}
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    // Width queries answer for jsdom's window (1024 px wide unless a test resizes it), so antd's Grid sees a laptop.
    value: (query: string) => ({
      matches: mediaMatches(query),
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (!('ResizeObserver' in window)) {
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

// jsdom throws "Not implemented" for pseudo-element styles, which antd asks for when measuring scrollbars.
const realGetComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => realGetComputedStyle(element);

// rc-form batches watchers in a macrotask via MessageChannel; a timer does the same job here.
if (!('MessageChannel' in globalThis)) {
  class Port {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    other!: Port;
    postMessage(data: unknown): void {
      setTimeout(() => this.other.onmessage?.({ data }), 0);
    }
    close(): void {}
  }
  class MessageChannelStub {
    port1 = new Port();
    port2 = new Port();
    constructor() {
      this.port1.other = this.port2;
      this.port2.other = this.port1;
    }
  }
  Object.assign(globalThis, { MessageChannel: MessageChannelStub });
}

// The memory router wraps each navigation in a Request (it only reads url, method and signal);
// jsdom has no fetch API classes.
if (!('Request' in globalThis)) {
  class RequestStub {
    readonly url: string;
    readonly method: string;
    readonly signal: AbortSignal;
    readonly body: unknown;
    readonly headers: Map<string, string>;
    constructor(
      input: string | URL | RequestStub,
      init: { method?: string; signal?: AbortSignal; body?: unknown; headers?: Record<string, string> } = {},
    ) {
      this.url = input instanceof RequestStub ? input.url : String(input);
      this.method = (init.method ?? 'GET').toUpperCase();
      this.signal = init.signal ?? new AbortController().signal;
      this.body = init.body ?? null;
      this.headers = new Map(Object.entries(init.headers ?? {}));
    }
  }
  Object.assign(globalThis, { Request: RequestStub });
}

if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
if (!URL.createObjectURL) URL.createObjectURL = () => 'blob:stub';
if (!URL.revokeObjectURL) URL.revokeObjectURL = () => undefined;

afterEach(() => {
  window.localStorage.clear();
  jest.restoreAllMocks();
});
