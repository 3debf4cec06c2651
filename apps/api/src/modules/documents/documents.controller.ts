import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  createMeasureSchema,
  documentListQuerySchema,
  documentPageSchema,
  documentViewSchema,
  ErrorCode,
  importJobViewSchema,
  importResultSchema,
  importTextSchema,
  measureListSchema,
  measureViewSchema,
  mergeMeasuresSchema,
  publishResultSchema,
  publishSchema,
  splitMeasureSchema,
  updateMeasureSchema,
  withdrawDocumentSchema,
  withdrawResultSchema,
} from '@duban/contracts';
import type { Request, Response } from 'express';
import { createZodDto, ZodResponse, ZodSerializerDto } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { AppError } from '../../common/app-error';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { MultipartTextGuard } from '../../common/multipart-guard';
import { requestSchema, uploadBody } from '../../common/openapi';
import { DocumentsService } from './documents.service';
import { PublishService } from './publish.service';

class DocumentListQueryDto extends createZodDto(documentListQuerySchema) {}
class UpdateMeasureDto extends createZodDto(updateMeasureSchema) {}
class PublishDto extends createZodDto(publishSchema) {}
class WithdrawDocumentDto extends createZodDto(withdrawDocumentSchema) {}
class CreateMeasureDto extends createZodDto(createMeasureSchema) {}
class SplitMeasureDto extends createZodDto(splitMeasureSchema) {}
class MergeMeasuresDto extends createZodDto(mergeMeasuresSchema) {}
class MeasureViewDto extends createZodDto(measureViewSchema) {}
class MeasureListDto extends createZodDto(measureListSchema) {}
// A union: no class can extend it, so the DTO is the class createZodDto makes, named here for OpenAPI;
// one output class documents both answers (201 and 202), as two would clash there.
const ImportResultDto = Object.defineProperty(createZodDto(importResultSchema), 'name', {
  value: 'ImportResultDto',
});
const ImportResultOutput = ImportResultDto.Output;
class ImportJobViewDto extends createZodDto(importJobViewSchema) {}
class DocumentPageDto extends createZodDto(documentPageSchema) {}
class DocumentViewDto extends createZodDto(documentViewSchema) {}
class PublishResultDto extends createZodDto(publishResultSchema) {}
class WithdrawResultDto extends createZodDto(withdrawResultSchema) {}

// The upload limit is read when the decorator runs; MAX_UPLOAD_MB is validated later by loadConfig too.
const MAX_UPLOAD_BYTES = Math.round(Number(process.env.MAX_UPLOAD_MB ?? 20) * 1024 * 1024);

@ApiTags('documents')
@ApiBearerAuth()
@Controller('v1/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly publishing: PublishService,
  ) {}

  /** JSON `{ text, fileName? }` or multipart `file`; 202 with a job id when the text is large. */
  @ApiOperation({ summary: '导入文件（粘贴正文或上传 .txt/.docx/.pdf），解析出措施' })
  @Post('import')
  @ZodSerializerDto(ImportResultDto)
  @ApiResponse({ status: 201, description: '解析完成：草稿文件及其措施', type: ImportResultOutput })
  @ApiResponse({
    status: 202,
    description: '正文较长：返回解析任务（jobId），轮询 import-jobs',
    type: ImportResultOutput,
  })
  @RequirePermission('documents.import')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description: 'JSON：粘贴的正文 text（可附 fileName）；multipart：上传的文件 file',
    schema: { oneOf: [requestSchema(importTextSchema), uploadBody('文件（.txt/.docx/.pdf）')] },
  })
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }),
    MultipartTextGuard,
  )
  async import(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    let text: string;
    let fileName: string | null;
    if (file) {
      // multer hands non-ASCII names over as latin1.
      fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      text = await this.documents.textOfUpload({ buffer: file.buffer, originalname: fileName });
    } else if (request.is('multipart/form-data')) {
      throw new AppError(ErrorCode.BadRequest, '请选择要上传的文件（字段名 file）');
    } else {
      const body = importTextSchema.safeParse(request.body);
      if (!body.success) throw new AppError(ErrorCode.Unparseable, '文件内容为空，请粘贴文件正文或上传文件');
      text = body.data.text;
      fileName = body.data.fileName ?? null;
    }
    const outcome = await this.documents.import(actor, text, fileName);
    response.status('jobId' in outcome ? 202 : 201);
    return outcome;
  }

  @ApiOperation({ summary: '查询导入任务进度' })
  @Get('import-jobs/:jobId')
  @ZodResponse({ status: 200, type: ImportJobViewDto })
  @RequirePermission('documents.import')
  importJob(@CurrentActor() actor: Actor, @Param('jobId', ParseUUIDPipe) jobId: string) {
    return this.documents.importJob(jobId, actor);
  }

  @ApiOperation({ summary: '文件列表' })
  @Get()
  @ZodResponse({ status: 200, type: DocumentPageDto })
  @RequirePermission('documents.read')
  list(@CurrentActor() actor: Actor, @Query() query: DocumentListQueryDto) {
    return this.documents.list(actor, query);
  }

  @ApiOperation({ summary: '文件详情与措施清单' })
  @Get(':id')
  @ZodResponse({ status: 200, type: DocumentViewDto })
  @RequirePermission('documents.read')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.documents.get(id, actor);
  }

  @Post(':id/measures')
  @RequirePermission('documents.edit')
  @ApiOperation({ summary: '手工新增措施（仅草稿）' })
  @ZodResponse({ status: 201, type: MeasureViewDto })
  createMeasure(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateMeasureDto,
  ) {
    return this.documents.createMeasure(actor, id, body);
  }

  @Post(':id/measures/merge')
  @RequirePermission('documents.edit')
  @ApiOperation({ summary: '合并措施（仅草稿）' })
  @ZodResponse({ status: 200, type: MeasureViewDto })
  mergeMeasures(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MergeMeasuresDto,
  ) {
    return this.documents.mergeMeasures(actor, id, body);
  }

  @Post(':id/measures/:measureId/split')
  @RequirePermission('documents.edit')
  @ApiOperation({ summary: '把一条措施拆成两条（仅草稿）' })
  @ZodResponse({ status: 201, type: MeasureListDto })
  async splitMeasure(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('measureId', ParseUUIDPipe) measureId: string,
    @Body() body: SplitMeasureDto,
  ) {
    return { measures: await this.documents.splitMeasure(actor, id, measureId, body) };
  }

  @ApiOperation({ summary: '修改措施（事项、单位、时限）' })
  @Patch(':id/measures/:measureId')
  @ZodResponse({ status: 200, type: MeasureViewDto })
  @RequirePermission('documents.edit')
  updateMeasure(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('measureId', ParseUUIDPipe) measureId: string,
    @Body() body: UpdateMeasureDto,
  ) {
    return this.documents.updateMeasure(actor, id, measureId, body);
  }

  @ApiOperation({ summary: '删除措施' })
  @Delete(':id/measures/:measureId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: '已删除' })
  @RequirePermission('documents.edit')
  async deleteMeasure(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('measureId', ParseUUIDPipe) measureId: string,
  ) {
    await this.documents.deleteMeasure(actor, id, measureId);
  }

  @ApiOperation({ summary: '交办文件：按措施生成任务并分派单位' })
  @Post(':id/publish')
  @ZodResponse({ status: 200, type: PublishResultDto })
  @RequirePermission('documents.publish')
  publish(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: PublishDto) {
    return this.publishing.publish(actor, id, body);
  }

  /** A draft (never published) is deleted with its measures. */
  @ApiOperation({ summary: '删除草稿（连同其措施）' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: '已删除' })
  @RequirePermission('documents.edit')
  async deleteDraft(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    await this.documents.deleteDraft(actor, id);
  }

  /** 撤回: the tasks still in progress are cancelled with the reason and their units told. */
  @ApiOperation({ summary: '撤回已交办文件：撤销未办结任务并通知承办单位' })
  @Post(':id/withdraw')
  @ZodResponse({ status: 200, type: WithdrawResultDto })
  @RequirePermission('documents.publish')
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WithdrawDocumentDto,
  ) {
    return this.publishing.withdraw(actor, id, body.reason);
  }
}
