import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where evidence files live. Local disk here; an S3-compatible store implements the same calls.
 * Uploads arrive as temporary files (never whole in memory) and are moved in.
 */
export interface FileStorage {
  /** Takes ownership of the temporary file at `sourcePath`. */
  putFile(key: string, sourcePath: string): Promise<void>;
  /** Null when the stored file is gone (a restored backup without uploads, a disk cleaned by hand). */
  open(key: string): Promise<Readable | null>;
  remove(key: string): Promise<void>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Multer writes uploads here, on the same disk, so moving one in is a rename. */
  get incomingDir(): string {
    return join(this.root, '.incoming');
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await rename(sourcePath, path);
  }

  async open(key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    const found = await stat(path).catch(() => null);
    return found?.isFile() ? createReadStream(path) : null;
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root)) throw new Error('invalid storage key');
    return path;
  }
}
