-- Custom SQL migration file, put your code below! --
-- Conversations written before last_seq existed take it from their transcript.
UPDATE "conversations" c SET "last_seq" = m.max_seq
FROM (SELECT "conversation_id", max("seq") AS max_seq FROM "messages" GROUP BY "conversation_id") m
WHERE m."conversation_id" = c."id";
