import { customType } from 'drizzle-orm/pg-core'

/** Postgres tsvector; always generated in SQL, never written by the app. */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
})
