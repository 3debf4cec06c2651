import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795336463128 implements MigrationInterface {
  name = 'Initial1795336463128';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "file_name" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character varying(64) NOT NULL, "storage_key" character varying(300) NOT NULL, "report_id" uuid, "unit_id" uuid, "uploaded_by" uuid, CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_attachment_report" ON "attachment"  ("report_id") ');
    await queryRunner.query(
      'CREATE TABLE "audit_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" character varying(64), "action" character varying(60) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" character varying(64) NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_audit_entry_at" ON "audit_entry"  ("at") ');
    await queryRunner.query('CREATE INDEX "ix_audit_entry_actor" ON "audit_entry"  ("actor_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_audit_entry_entity" ON "audit_entry"  ("entity_type", "entity_id", "at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "calendar_day" ("date" date NOT NULL, "is_working_day" boolean NOT NULL, "note" character varying(100), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_82404934db32af18c10dfe7087e" PRIMARY KEY ("date"))',
    );
    await queryRunner.query(
      'CREATE TABLE "measure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "document_id" uuid NOT NULL, "seq" integer NOT NULL, "number" character varying(20) NOT NULL, "path" text array NOT NULL DEFAULT \'{}\', "title" text NOT NULL, "body" text NOT NULL, "lead_units" text array NOT NULL DEFAULT \'{}\', "responsible_units" text array NOT NULL DEFAULT \'{}\', "deadline_text" character varying(200), "deadline" date, "ongoing" boolean NOT NULL DEFAULT false, "spans" jsonb, "warnings" jsonb NOT NULL DEFAULT \'[]\', "unit_choices" jsonb NOT NULL DEFAULT \'{}\', "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_ddc1ad2a86717cedc808809423e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_measure_document_seq" ON "measure"  ("document_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "import_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "state" character varying(20) NOT NULL DEFAULT \'waiting\', "progress" integer NOT NULL DEFAULT \'0\', "file_name" character varying(255), "source_text" text, "document_ids" uuid array NOT NULL DEFAULT \'{}\', "error" text, "created_by" uuid NOT NULL, "created_by_name" character varying(64) NOT NULL, CONSTRAINT "PK_65b4c7eccb8120972a7b8da7682" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_import_job_state" ON "import_job"  ("state") ');
    await queryRunner.query(
      'CREATE TABLE "policy_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "title" character varying(500) NOT NULL, "issuer" character varying(200), "doc_number" character varying(100), "issued_on" date, "region" character varying(50), "status" character varying(20) NOT NULL DEFAULT \'draft\', "source_text" text NOT NULL, "file_name" character varying(255), "warnings" jsonb NOT NULL DEFAULT \'[]\', "published_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_bcf61e29dc9154db3e3d0d7ba6f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_policy_document_status" ON "policy_document"  ("status") ');
    await queryRunner.query(
      'CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "task_id" uuid, "assignment_id" uuid, "title" character varying(300) NOT NULL, "body" text NOT NULL, "reminder_id" uuid, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_notification_reminder" ON "notification"  ("reminder_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_notification_user_unread" ON "notification"  ("user_id", "read_at", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "app_setting" ("key" character varying(60) NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0d66bfb0d9f93124a4549d21af0" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid, "task_id" uuid, "rule" character varying(30) NOT NULL, "kind" character varying(30) NOT NULL, "bucket" date NOT NULL, "recipient_id" uuid NOT NULL, "source_key" character varying(64) NOT NULL DEFAULT \'\', "title" character varying(300) NOT NULL, "body" text NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'pending\', "digest_id" uuid, "attempts" integer NOT NULL DEFAULT \'0\', "delivered_channels" text array NOT NULL DEFAULT \'{}\', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_reminder_digest" ON "reminder"  ("digest_id") ');
    await queryRunner.query('CREATE INDEX "ix_reminder_status" ON "reminder"  ("status", "created_at") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_reminder_key" ON "reminder"  ("assignment_id", "rule", "bucket", "recipient_id", "source_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "task_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "status" character varying(30) NOT NULL DEFAULT \'pending\', "deadline" date, "progress" integer NOT NULL DEFAULT \'0\', "extension_count" integer NOT NULL DEFAULT \'0\', "accepted_at" TIMESTAMP WITH TIME ZONE, "return_reason" text, "completion_summary" text, "completed_at" TIMESTAMP WITH TIME ZONE, "last_report_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_43c2f5a3859f54cedafb270f37e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_assignment_unit" ON "assignment"  ("unit_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_assignment_open_deadline" ON "assignment"  ("status", "deadline") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_assignment_task_unit" ON "assignment"  ("task_id", "unit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "extension_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "assignment_id" uuid NOT NULL, "current_deadline" date, "requested_deadline" date NOT NULL, "reason" text NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'pending\', "decision_comment" text, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, CONSTRAINT "PK_fa783aff51254a4e5739909d199" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_extension_request_assignment" ON "extension_request"  ("assignment_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_extension_request_pending" ON "extension_request"  ("assignment_id") WHERE status = \'pending\'',
    );
    await queryRunner.query(
      'CREATE TABLE "progress_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "assignment_id" uuid NOT NULL, "content" text NOT NULL, "progress" integer NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'submitted\', "review_comment" text, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_de44d4f311d5a0132f49f9f0820" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_progress_report_assignment" ON "progress_report"  ("assignment_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "task_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "task_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "content" text NOT NULL, "author_id" uuid, CONSTRAINT "PK_28da4411b195bfc3c451cfa21ff" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_task_comment_task" ON "task_comment"  ("task_id") ');
    await queryRunner.query(
      'CREATE TABLE "task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(30) NOT NULL, "title" text NOT NULL, "description" text, "document_id" uuid, "measure_id" uuid, "deadline" date, "ongoing" boolean NOT NULL DEFAULT false, "report_cycle" character varying(20), "status" character varying(20) NOT NULL DEFAULT \'in_progress\', "start_date" date NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_task_code" ON "task"  ("code") ');
    await queryRunner.query('CREATE INDEX "ix_task_document" ON "task"  ("document_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_task_measure" ON "task"  ("measure_id") ');
    await queryRunner.query('CREATE INDEX "ix_task_status" ON "task"  ("status") ');
    await queryRunner.query(
      'CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(100) NOT NULL, "aliases" text array NOT NULL DEFAULT \'{}\', "parent_id" uuid, "path" text NOT NULL, "kind" character varying(20) NOT NULL DEFAULT \'department\', "region" character varying(50), "member_ids" uuid array NOT NULL DEFAULT \'{}\', "created_by" uuid, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_unit_name" ON "unit"  ("name") ');
    await queryRunner.query('CREATE INDEX "ix_unit_parent" ON "unit"  ("parent_id") ');
    await queryRunner.query('CREATE INDEX "ix_unit_path" ON "unit"  ("path") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_unit_parent_name" ON "unit"  ("parent_id", "name") ');
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "username" character varying(64) NOT NULL, "display_name" character varying(64) NOT NULL, "password_hash" character varying(100) NOT NULL, "unit_id" uuid, "roles" text array NOT NULL, "is_unit_head" boolean NOT NULL DEFAULT false, "email" character varying(200), "phone" character varying(30), "active" boolean NOT NULL DEFAULT true, "created_by" uuid, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_app_user_username" ON "app_user"  ("username") ');
    await queryRunner.query('CREATE INDEX "ix_app_user_unit" ON "app_user"  ("unit_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_app_user_unit"');
    await queryRunner.query('DROP INDEX "public"."uq_app_user_username"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP INDEX "public"."uq_unit_parent_name"');
    await queryRunner.query('DROP INDEX "public"."ix_unit_path"');
    await queryRunner.query('DROP INDEX "public"."ix_unit_parent"');
    await queryRunner.query('DROP INDEX "public"."ix_unit_name"');
    await queryRunner.query('DROP TABLE "unit"');
    await queryRunner.query('DROP INDEX "public"."ix_task_status"');
    await queryRunner.query('DROP INDEX "public"."uq_task_measure"');
    await queryRunner.query('DROP INDEX "public"."ix_task_document"');
    await queryRunner.query('DROP INDEX "public"."uq_task_code"');
    await queryRunner.query('DROP TABLE "task"');
    await queryRunner.query('DROP INDEX "public"."ix_task_comment_task"');
    await queryRunner.query('DROP TABLE "task_comment"');
    await queryRunner.query('DROP INDEX "public"."ix_progress_report_assignment"');
    await queryRunner.query('DROP TABLE "progress_report"');
    await queryRunner.query('DROP INDEX "public"."uq_extension_request_pending"');
    await queryRunner.query('DROP INDEX "public"."ix_extension_request_assignment"');
    await queryRunner.query('DROP TABLE "extension_request"');
    await queryRunner.query('DROP INDEX "public"."uq_assignment_task_unit"');
    await queryRunner.query('DROP INDEX "public"."ix_assignment_open_deadline"');
    await queryRunner.query('DROP INDEX "public"."ix_assignment_unit"');
    await queryRunner.query('DROP TABLE "assignment"');
    await queryRunner.query('DROP INDEX "public"."uq_reminder_key"');
    await queryRunner.query('DROP INDEX "public"."ix_reminder_status"');
    await queryRunner.query('DROP INDEX "public"."ix_reminder_digest"');
    await queryRunner.query('DROP TABLE "reminder"');
    await queryRunner.query('DROP TABLE "app_setting"');
    await queryRunner.query('DROP INDEX "public"."ix_notification_user_unread"');
    await queryRunner.query('DROP INDEX "public"."uq_notification_reminder"');
    await queryRunner.query('DROP TABLE "notification"');
    await queryRunner.query('DROP INDEX "public"."ix_policy_document_status"');
    await queryRunner.query('DROP TABLE "policy_document"');
    await queryRunner.query('DROP INDEX "public"."ix_import_job_state"');
    await queryRunner.query('DROP TABLE "import_job"');
    await queryRunner.query('DROP INDEX "public"."uq_measure_document_seq"');
    await queryRunner.query('DROP TABLE "measure"');
    await queryRunner.query('DROP TABLE "calendar_day"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_entry_entity"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_entry_actor"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_entry_at"');
    await queryRunner.query('DROP TABLE "audit_entry"');
    await queryRunner.query('DROP INDEX "public"."ix_attachment_report"');
    await queryRunner.query('DROP TABLE "attachment"');
  }
}
