import { BaseSchema } from '@adonisjs/lucid/schema'
import { QueueSchemaService } from '@adonisjs/queue'

export default class extends BaseSchema {
  async up() {
    const service = new QueueSchemaService(this.db.getWriteClient())
    await service.createJobsTable()
    await service.createSchedulesTable()
  }

  async down() {
    const service = new QueueSchemaService(this.db.getWriteClient())
    await service.dropSchedulesTable()
    await service.dropJobsTable()
  }
}
