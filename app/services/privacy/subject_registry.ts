import { CORE_SUBJECT_CLASSES, type SubjectClass } from '#services/privacy/subject_classes'

/**
 * Every data class the data-subject engine covers: the core's and
 * those plugins declare.
 */
export async function subjectClasses(): Promise<SubjectClass[]> {
  return [...CORE_SUBJECT_CLASSES]
}
