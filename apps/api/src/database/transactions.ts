import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a read on a replica when the DataSource has any (else on the primary). For reads that may lag
 * the primary by a moment: lists, statistics, exports, the audit trail; never a read that decides a write.
 */
export async function onReplica<T>(
  dataSource: DataSource,
  read: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    return await read(runner.manager);
  } finally {
    await runner.release();
  }
}

/**
 * The data layer's one face for feature modules, instead of the whole DataSource: a unit of work
 * (`run`), a replica read, and a ping for the health check. A module reads and writes its own tables
 * through repositories of its own entities (`TypeOrmModule.forFeature`); a use case that spans modules
 * opens one `run` and hands its manager to the other modules' services, so everything commits or rolls
 * back together.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One transaction: every write of the use case, its audit rows and its recorded messages. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A read that may lag the primary by a moment (see `onReplica`). */
  onReplica<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return onReplica(this.dataSource, read);
  }

  /** Rejects when the database does not answer. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
