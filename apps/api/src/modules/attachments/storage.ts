import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/** Where evidence files live. Local disk here; an S3-compatible store implements the same two calls. */
export interface FileStorage {
  put(key: string, content: Buffer): Promise<void>;
  open(key: string): Readable;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { flag: 'wx' });
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root)) throw new Error('invalid storage key');
    return path;
  }
}
