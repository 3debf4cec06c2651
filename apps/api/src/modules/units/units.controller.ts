import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags, ApiOperation } from '@nestjs/swagger';
import {
  createUnitSchema,
  ErrorCode,
  resolveUnitsSchema,
  unitImportResultSchema,
  unitListQuerySchema,
  unitPageSchema,
  unitResolutionListSchema,
  unitViewSchema,
  updateUnitSchema,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { AppError } from '../../common/app-error';
import { uploadBody } from '../../common/openapi';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { MultipartTextGuard } from '../../common/multipart-guard';
import { UnitsService } from './units.service';

class UnitListQueryDto extends createZodDto(unitListQuerySchema) {}
class CreateUnitDto extends createZodDto(createUnitSchema) {}
class UpdateUnitDto extends createZodDto(updateUnitSchema) {}
class ResolveUnitsDto extends createZodDto(resolveUnitsSchema) {}
class UnitPageDto extends createZodDto(unitPageSchema) {}
class UnitViewDto extends createZodDto(unitViewSchema) {}
class UnitResolutionListDto extends createZodDto(unitResolutionListSchema) {}
class UnitImportResultDto extends createZodDto(unitImportResultSchema) {}

@ApiTags('units')
@ApiBearerAuth()
@Controller('v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @ApiOperation({ summary: '组织机构（单位）查询' })
  @Get()
  @ZodResponse({ status: 200, type: UnitPageDto })
  @RequirePermission('units.read')
  list(@Query() query: UnitListQueryDto) {
    return this.units.list(query);
  }

  @ApiOperation({ summary: '新增单位' })
  @Post()
  @ZodResponse({ status: 201, type: UnitViewDto })
  @RequirePermission('units.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateUnitDto) {
    return this.units.create(actor, body);
  }

  @ApiOperation({ summary: '修改单位' })
  @Patch(':id')
  @ZodResponse({ status: 200, type: UnitViewDto })
  @RequirePermission('units.write')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUnitDto) {
    return this.units.update(actor, id, body);
  }

  @ApiOperation({ summary: '把单位名称匹配到组织机构' })
  @Post('resolve')
  @ZodResponse({ status: 200, type: UnitResolutionListDto })
  @RequirePermission('units.resolve')
  async resolve(@Body() body: ResolveUnitsDto) {
    return { items: await this.units.resolve(body.names, body.region ?? null) };
  }

  @ApiOperation({ summary: '导入组织机构' })
  @Post('import')
  @ZodResponse({ status: 201, type: UnitImportResultDto })
  @RequirePermission('units.import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: uploadBody('CSV 或 XLSX 文件') })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024 } }), MultipartTextGuard)
  import(@CurrentActor() actor: Actor, @UploadedFile() file?: Express.Multer.File) {
    if (!file) throw new AppError(ErrorCode.BadRequest, '请上传 CSV 或 XLSX 文件（字段名 file）');
    return this.units.importFile(actor, file);
  }
}
