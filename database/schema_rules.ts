import type { SchemaRules } from '@adonisjs/lucid/types/schema_generator'

const json = (tsType = 'Record<string, any> | null') => ({
  tsType,
  decorators: [{ name: '@jsonColumn' }],
  imports: [{ source: '#database/columns', namedImports: ['jsonColumn'] }],
})

const bool = {
  tsType: 'boolean',
  decorators: [{ name: '@booleanColumn' }],
  imports: [{ source: '#database/columns', namedImports: ['booleanColumn'] }],
}

/**
 * Column rules for the generated schema: JSON and boolean columns get
 * decorators that behave the same on SQLite and MariaDB.
 */
export default {
  types: {
    boolean: bool,
  },
  columns: {
    settings: json(),
    summary: json(),
    meta: json(),
    data: json(),
    recipients: json(),
    counts: json('Record<string, number>'),
    report: json('Record<string, any>'),
  },
} satisfies SchemaRules
