ALTER TABLE "tenant_settings" ADD COLUMN "support_hours" text;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "support_timezone" text;