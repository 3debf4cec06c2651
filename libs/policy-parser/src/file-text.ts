/**
 * Text of an uploaded policy file, ready for parsePolicyText: .txt/.md as UTF-8, .docx through
 * mammoth, .pdf through pdfjs-dist with lines rebuilt from text positions and a "# Page N:" line
 * before each page (the same shape as the PDF-extracted seed compilations).
 *
 * A .docx is a zip and a .pdf holds compressed streams: a 400 KB file can inflate to gigabytes.
 * So the zip's declared sizes are checked first, and the decoding runs in a worker thread with a
 * heap limit and a hard timeout; a bomb costs that thread, never the process that serves requests.
 */
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface ExtractLimits {
  /** Sum of a .docx's declared uncompressed entry sizes. */
  maxInflatedBytes: number;
  /** Characters of extracted text (a policy notice is tens of thousands). */
  maxTextChars: number;
  /** Wall time for decoding one file. */
  timeoutMs: number;
  /** Heap of the decoding thread. */
  maxHeapMb: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxInflatedBytes: 64 * 1024 * 1024,
  maxTextChars: 5_000_000,
  timeoutMs: 30_000,
  maxHeapMb: 384,
};

export async function extractText(
  buffer: Buffer,
  fileName: string,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<string> {
  const ext = extname(fileName).toLowerCase();
  let text: string;
  if (ext === '.txt' || ext === '.md') text = buffer.toString('utf8').replace(/^\ufeff/, '');
  else if (ext === '.docx') text = await docxText(buffer, fileName, limits);
  else if (ext === '.pdf') text = await pdfText(buffer, fileName, limits);
  else throw new Error(`不支持的文件类型：${fileName}（支持 .txt、.md、.docx、.pdf）`);
  if (text.length > limits.maxTextChars)
    throw new Error(
      `文件文字过多：${fileName}（超过 ${Math.round(limits.maxTextChars / 10_000)} 万字），请拆分后导入`,
    );
  if (!text.trim())
    throw new Error(
      `文件没有可识别的文字：${fileName}${ext === '.pdf' ? '（可能是扫描件，请先做文字识别）' : ''}`,
    );
  return text;
}

/**
 * The sum of the uncompressed sizes a zip declares in its central directory, or null when it is not
 * a readable zip. ZIP64 entries (sizes past 4 GB) count as infinite.
 */
export function zipInflatedSize(buffer: Buffer): number | null {
  const floor = Math.max(0, buffer.length - 22 - 65_535);
  let end = -1;
  for (let i = buffer.length - 22; i >= floor; i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) return null;
    const size = buffer.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    offset +=
      46 +
      buffer.readUInt16LE(offset + 28) +
      buffer.readUInt16LE(offset + 30) +
      buffer.readUInt16LE(offset + 32);
  }
  return total;
}

// The decoding thread: plain CommonJS (no TypeScript, no bundler), given the libraries' resolved paths.
const DECODER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { kind, data, library } = workerData;
  if (kind === 'docx') {
    const mammoth = require(library);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(data) });
    return { text: value };
  }
  const pdfjs = await import(library);
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      pages.push(content.items.filter((it) => 'str' in it && it.str).map((it) => ({
        str: it.str, x: it.transform[4], y: it.transform[5], width: it.width,
        height: Math.abs(it.transform[3]) || it.height,
      })));
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return { pages };
})().then((result) => parentPort.postMessage(result), (error) => parentPort.postMessage({ error: String(error && error.message || error) }));
`;

type Decoded = { text?: string; pages?: PositionedText[][]; error?: string };

function decodeIsolated(kind: 'docx' | 'pdf', buffer: Buffer, limits: ExtractLimits): Promise<Decoded> {
  const library =
    kind === 'docx'
      ? require.resolve('mammoth')
      : pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(DECODER, {
      eval: true,
      workerData: { kind, data: buffer, library },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
      // The decoder needs no TypeScript hooks or inspector flags from the parent.
      execArgv: [],
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`解析超时（超过 ${Math.round(limits.timeoutMs / 1000)} 秒），文件可能过大或已损坏`));
    }, limits.timeoutMs);
    worker.once('message', (message: Decoded) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(
        new Error(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '文件解压后内容过大，超出解析内存上限' : error.message,
        ),
      );
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('解析进程意外退出'));
    });
  });
}

async function docxText(buffer: Buffer, fileName: string, limits: ExtractLimits): Promise<string> {
  const inflated = zipInflatedSize(buffer);
  if (inflated !== null && inflated > limits.maxInflatedBytes)
    throw new Error(
      `无法读取 Word 文件：${fileName}（解压后超过 ${Math.round(limits.maxInflatedBytes / 1024 / 1024)} MB，可能是压缩炸弹）`,
    );
  let decoded: Decoded;
  try {
    decoded = await decodeIsolated('docx', buffer, limits);
  } catch (e) {
    throw new Error(`无法读取 Word 文件：${fileName}（${(e as Error).message}）`);
  }
  if (decoded.error !== undefined) throw new Error(`无法读取 Word 文件：${fileName}（${decoded.error}）`);
  return decoded.text ?? '';
}

interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

async function pdfText(buffer: Buffer, fileName: string, limits: ExtractLimits): Promise<string> {
  let decoded: Decoded;
  try {
    decoded = await decodeIsolated('pdf', buffer, limits);
  } catch (e) {
    throw new Error(`无法读取 PDF 文件：${fileName}（${(e as Error).message}）`);
  }
  if (decoded.error !== undefined) throw new Error(`无法读取 PDF 文件：${fileName}（${decoded.error}）`);
  const pages = decoded.pages ?? [];
  return pages.map((items, i) => `# Page ${i + 1}:\n${rebuildLines(items).join('\n')}`).join('\n\n') + '\n';
}

/** Groups text items into lines (same baseline within half a glyph), left to right, top to bottom. */
export function rebuildLines(items: PositionedText[]): string[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PositionedText[][] = [];
  for (const it of sorted) {
    const line = lines[lines.length - 1];
    const tolerance = Math.max(2, (it.height || 10) * 0.5);
    if (line && Math.abs(line[0].y - it.y) <= tolerance) line.push(it);
    else lines.push([it]);
  }
  return lines
    .map((line) => {
      line.sort((a, b) => a.x - b.x);
      let out = '';
      let end = -Infinity;
      for (const it of line) {
        // a visible gap between two runs becomes a space (tables, spaced headings)
        if (out && it.x - end > (it.height || 10) * 0.8) out += ' ';
        out += it.str;
        end = it.x + it.width;
      }
      return out.trimEnd();
    })
    .filter((l) => l.trim());
}
