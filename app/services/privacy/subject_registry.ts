import { DataClassRegistry } from '#app/privacy/registry'
import type { SubjectClass } from '#services/privacy/subject_classes'

/**
 * Every table the data-subject engine covers: the tables of the data
 * classes the core and the plugins declare, once each, named by their
 * table (links between them name tables too).
 */
export async function subjectClasses(): Promise<SubjectClass[]> {
  const registry = await DataClassRegistry.load()
  return registry.tables().map((table) => ({ ...table, id: table.table }))
}
