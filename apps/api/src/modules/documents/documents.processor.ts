import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QUEUE, type ParseDocumentJobData } from '../../queue/queues';
import { DocumentsService } from './documents.service';

@Processor(QUEUE.imports)
export class DocumentsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(private readonly documents: DocumentsService) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.documents.requeueWaitingImports();
  }

  async process(job: Job<ParseDocumentJobData>): Promise<void> {
    await this.documents.runImportJob(job.data.importJobId, (percent) => job.updateProgress(percent));
  }
}
