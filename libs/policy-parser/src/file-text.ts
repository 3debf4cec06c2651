/**
 * Text of an uploaded policy file, ready for parsePolicyText: .txt/.md as UTF-8, .docx through
 * mammoth, .pdf through pdfjs-dist with lines rebuilt from text positions and a "# Page N:" line
 * before each page (the same shape as the PDF-extracted seed compilations).
 */
import { extname } from 'node:path';

export async function extractText(buffer: Buffer, fileName: string): Promise<string> {
  const ext = extname(fileName).toLowerCase();
  let text: string;
  if (ext === '.txt' || ext === '.md') text = buffer.toString('utf8').replace(/^\ufeff/, '');
  else if (ext === '.docx') text = await docxText(buffer, fileName);
  else if (ext === '.pdf') text = await pdfText(buffer, fileName);
  else throw new Error(`不支持的文件类型：${fileName}（支持 .txt、.md、.docx、.pdf）`);
  if (!text.trim())
    throw new Error(
      `文件没有可识别的文字：${fileName}${ext === '.pdf' ? '（可能是扫描件，请先做文字识别）' : ''}`,
    );
  return text;
}

async function docxText(buffer: Buffer, fileName: string): Promise<string> {
  const mammoth = await import('mammoth');
  try {
    const { value } = await mammoth.extractRawText({ buffer });
    return value;
  } catch (e) {
    throw new Error(`无法读取 Word 文件：${fileName}（${(e as Error).message}）`);
  }
}

interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

// pdfjs-dist ships ESM only: every compiler here keeps this import() native (tsc under nodenext,
// swc with ignoreDynamic), because require() cannot load it.

async function pdfText(buffer: Buffer, fileName: string): Promise<string> {
  let pdfjs: typeof import('pdfjs-dist');
  try {
    pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  } catch (e) {
    // under Jest this needs NODE_OPTIONS=--experimental-vm-modules
    throw new Error(`无法加载 PDF 解析组件（${(e as Error).message}）`);
  }
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(buffer),
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    throw new Error(`无法读取 PDF 文件：${fileName}（${(e as Error).message}）`);
  }
  const pages: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: PositionedText[] = [];
      for (const it of content.items) {
        if (!('str' in it) || !it.str) continue;
        items.push({
          str: it.str,
          x: it.transform[4],
          y: it.transform[5],
          width: it.width,
          height: Math.abs(it.transform[3]) || it.height,
        });
      }
      pages.push(`# Page ${p}:\n${rebuildLines(items).join('\n')}`);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages.join('\n\n') + '\n';
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
