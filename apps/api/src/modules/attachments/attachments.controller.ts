import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags, ApiOperation } from '@nestjs/swagger';
import { attachmentViewSchema, ErrorCode } from '@duban/contracts';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { AppError } from '../../common/app-error';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { MultipartTextGuard } from '../../common/multipart-guard';
import { ApiFileResponse, uploadBody } from '../../common/openapi';
import { AttachmentsService, MAX_ATTACHMENT_BYTES } from './attachments.service';

class AttachmentViewDto extends createZodDto(attachmentViewSchema) {}

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('v1/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @ApiOperation({ summary: '上传附件（佐证材料）' })
  @Post()
  @ZodResponse({ status: 201, type: AttachmentViewDto })
  @RequirePermission('assignments.act')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: uploadBody('佐证材料（图片、PDF、Office 文件等）') })
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }),
    MultipartTextGuard,
  )
  upload(@CurrentActor() actor: Actor, @UploadedFile() file?: Express.Multer.File) {
    if (!file) throw new AppError(ErrorCode.BadRequest, '请选择要上传的附件（字段名 file）');
    return this.attachments.upload(actor, file);
  }

  @ApiOperation({ summary: '下载附件' })
  @Get(':id')
  @ApiFileResponse('application/octet-stream', '附件原文件（按上传时的类型返回）')
  @RequirePermission('tasks.read')
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { attachment, stream } = await this.attachments.open(actor, id);
    response.setHeader('Content-Type', attachment.contentType);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    );
    return new StreamableFile(stream);
  }
}
