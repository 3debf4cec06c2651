import { z } from 'zod';
import { itemsSchema, type ListParams, nameText, pageQuerySchema, pageSchema, uuid } from './common';
import { roleSchema } from './auth';

export const UNIT_KINDS = ['government', 'department', 'group', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  government: '人民政府',
  department: '部门',
  group: '泛指单位',
  other: '其他',
};

export const unitViewSchema = z.object({
  id: uuid,
  name: z.string(),
  aliases: z.array(z.string()),
  parentId: uuid.nullable(),
  kind: z.enum(UNIT_KINDS),
  region: z.string().nullable(),
  version: z.number().int(),
});
export type UnitView = z.infer<typeof unitViewSchema>;
export const unitPageSchema = pageSchema(unitViewSchema);
/** What a directory import (CSV or XLSX) changed. */
export const unitImportResultSchema = z.object({ created: z.number().int(), updated: z.number().int() });
export type UnitImportResult = z.infer<typeof unitImportResultSchema>;

const unitName = nameText(2, 100, '单位名称');
const aliasList = z.array(unitName).max(50).default([]);

export const unitListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  parentId: uuid.optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(200),
});
export type UnitListParams = ListParams<typeof unitListQuerySchema>;
export const createUnitSchema = z.object({
  name: unitName,
  aliases: aliasList,
  parentId: uuid.nullish(),
  kind: z.enum(UNIT_KINDS).default('department'),
  region: z.string().trim().max(50).nullish(),
});
export const updateUnitSchema = z
  .object({
    name: unitName.optional(),
    aliases: z.array(unitName).max(50).optional(),
    parentId: uuid.nullish(),
    kind: z.enum(UNIT_KINDS).optional(),
    region: z.string().trim().max(50).nullish(),
    version: z.number().int().optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), { message: '没有要修改的内容' });
export type CreateUnitRequest = z.infer<typeof createUnitSchema>;
export type UpdateUnitRequest = z.infer<typeof updateUnitSchema>;

/**
 * How a printed name met the directory. `alias_proposed`: the name looks like a short form of one existing
 * unit (市金融局 → 市地方金融监督管理局); a person confirms it as an alias instead of creating a second unit.
 */
export const RESOLUTION_STATUSES = [
  'exact',
  'alias',
  'alias_proposed',
  'fuzzy',
  'group',
  'unresolved',
] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];
export const unitCandidateSchema = z.object({
  unitId: z.string(),
  name: z.string(),
  score: z.number(),
  /** Where the unit sits, top down (河南省人民政府 › 郑州市人民政府 › 郑州市住房保障局). */
  path: z.string(),
});
export type UnitCandidate = z.infer<typeof unitCandidateSchema>;
export const unitResolutionSchema = z.object({
  name: z.string(),
  unitIds: z.array(z.string()),
  status: z.enum(RESOLUTION_STATUSES),
  candidates: z.array(unitCandidateSchema),
  /** Set when a group name stands for units a person must pick (市直有关部门). */
  needsChoice: z.boolean().optional(),
  /** A generic group phrase (各开发区管委会, 有关部门): never created as a unit, left unassigned until chosen. */
  groupPhrase: z.boolean().optional(),
  /** The document's region is not in the directory, so no other city's units are offered. */
  regionUnknown: z.boolean().optional(),
});
export type UnitResolution = z.infer<typeof unitResolutionSchema>;
export const unitResolutionListSchema = itemsSchema(unitResolutionSchema);
/** Bounds of one resolve call, so a long list cannot hold the server. */
export const RESOLVE_MAX_NAMES = 200;
export const RESOLVE_MAX_NAME_LENGTH = 100;
export const resolveUnitsSchema = z.object({
  names: z
    .array(
      z
        .string()
        .trim()
        .min(1, { message: '单位名称不能为空' })
        .max(RESOLVE_MAX_NAME_LENGTH, { message: `单位名称不能超过 ${RESOLVE_MAX_NAME_LENGTH} 个字` }),
    )
    .min(1, { message: '请提供单位名称' })
    .max(RESOLVE_MAX_NAMES, { message: `一次最多匹配 ${RESOLVE_MAX_NAMES} 个单位名称` }),
  region: z.string().trim().max(50).nullish(),
});

export const userViewSchema = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  unitId: uuid.nullable(),
  roles: z.array(roleSchema),
  active: z.boolean(),
});
export type UserView = z.infer<typeof userViewSchema>;
export const userPageSchema = pageSchema(userViewSchema);
export const userListQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(64).optional() });
export type UserListParams = ListParams<typeof userListQuerySchema>;
const password = z.string().min(8, { message: '密码至少 8 位' }).max(128, { message: '密码最多 128 位' });

// The passwords guessed first (leaked-password lists, Chinese keyboard and pinyin favourites).
const COMMON_PASSWORDS = new Set(
  (
    '12345678 123456789 1234567890 87654321 11111111 88888888 66666666 00000000 12341234 11223344 ' +
    '147258369 123123123 password password1 password123 passw0rd p@ssw0rd p@ssword qwertyui qwerty123 ' +
    '1qaz2wsx 1q2w3e4r qwer1234 asdf1234 zxcvbnm1 abc12345 abcd1234 a1234567 a12345678 aa123456 ' +
    'aa12345678 admin123 admin@123 admin1234 woaini1314 5201314a iloveyou welcome1 letmein1 changeme ' +
    'test1234 root1234 abc123456 qq123456 a123456789 zhang123 wang1234 duban@2023 duban123 1qaz@wsx ' +
    'p@ssw0rd1 password@123 admin@1234 abc@1234 abcd@1234'
  ).split(' '),
);

/** Why a password is refused for this user, or null: the one policy for the api and the web form. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 8) return '密码至少 8 位';
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size < 4) return '密码过于常见，请换一个不易猜到的密码';
  return null;
}
export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{3,64}$/, { message: '用户名为 3–64 位字母、数字、下划线、点或短横线' }),
  displayName: nameText(1, 64, '姓名'),
  unitId: uuid.nullish(),
  roles: z.array(roleSchema).min(1, { message: '至少选择一个角色' }),
  password,
});
export const updateUserSchema = z.object({
  displayName: nameText(1, 64, '姓名').optional(),
  unitId: uuid.nullish(),
  roles: z.array(roleSchema).min(1).optional(),
  password: password.optional(),
  active: z.boolean().optional(),
});
export type CreateUserRequest = z.infer<typeof createUserSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserSchema>;
