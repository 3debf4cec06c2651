// pdfkit ships no types; the tests only use this much of it to build a PDF.
declare module 'pdfkit' {
  class PDFDocument {
    constructor(options?: Record<string, unknown>);
    on(event: string, listener: (...args: any[]) => void): this;
    font(src: string, family?: string): this;
    fontSize(size: number): this;
    text(text: string): this;
    addPage(): this;
    end(): void;
  }
  export default PDFDocument;
}
