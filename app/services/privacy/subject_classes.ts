import type { DataTable } from '#app/privacy/types'

export type { PersonalKind, SubjectLink } from '#app/privacy/types'

/**
 * One table of a data class as the data-subject engine uses it, named
 * by its table: how its rows link to the person, which columns hold
 * personal data and whether anonymisation keeps the row (scrub) or
 * removes it (delete). Declared in the data-class contract
 * (`app/privacy/types.ts`).
 */
export type SubjectClass = DataTable & { id: string }
