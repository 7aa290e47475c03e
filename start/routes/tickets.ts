/**
 * Routes of the tickets area: the agent's ticket list and ticket page
 * with their actions, attachments, and the CRM (contacts and
 * organisations). Tenant hosts only, logged-in users only. Tickets
 * are addressed by their per-tenant number, the one agents quote.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const HomeController = () => import('#controllers/home_controller')
const TicketsController = () => import('#controllers/tickets_controller')
const TicketRepliesController = () => import('#controllers/ticket_replies_controller')
const TicketNotesController = () => import('#controllers/ticket_notes_controller')
const TicketAssignmentsController = () => import('#controllers/ticket_assignments_controller')
const TicketStatusesController = () => import('#controllers/ticket_statuses_controller')
const TicketPrioritiesController = () => import('#controllers/ticket_priorities_controller')
const TicketTagsController = () => import('#controllers/ticket_tags_controller')
const TicketLegalHoldsController = () => import('#controllers/ticket_legal_holds_controller')
const AttachmentsController = () => import('#controllers/attachments_controller')
const ContactsController = () => import('#controllers/contacts_controller')
const ContactIdentitiesController = () => import('#controllers/contact_identities_controller')
const ContactLegalHoldsController = () => import('#controllers/contact_legal_holds_controller')
const OrganisationsController = () => import('#controllers/organisations_controller')

router.get('/', [HomeController, 'index'])

const number = { number: router.matchers.number() }
const id = { id: router.matchers.number() }

router
  .group(() => {
    router.get('/tickets', [TicketsController, 'index'])
    router.get('/tickets/new', [TicketsController, 'create'])
    router.post('/tickets/new', [TicketsController, 'store'])
    router.get('/tickets/:number', [TicketsController, 'show']).where('number', number.number)

    router
      .group(() => {
        router.post('/replies', [TicketRepliesController, 'store'])
        router.post('/notes', [TicketNotesController, 'store'])
        router.post('/assignee', [TicketAssignmentsController, 'update'])
        router.post('/status', [TicketStatusesController, 'update'])
        router.post('/priority', [TicketPrioritiesController, 'update'])
        router.post('/tags', [TicketTagsController, 'store'])
        router.post('/legal-hold', [TicketLegalHoldsController, 'update'])
        router
          .delete('/tags/:tagId', [TicketTagsController, 'destroy'])
          .where('tagId', router.matchers.number())
      })
      .prefix('/tickets/:number')
      .where('number', number.number)

    router.get('/attachments/:id', [AttachmentsController, 'show']).where('id', id.id)

    router.get('/contacts', [ContactsController, 'index'])
    router.get('/contacts/new', [ContactsController, 'create'])
    router.post('/contacts', [ContactsController, 'store'])
    router.get('/contacts/:id', [ContactsController, 'show']).where('id', id.id)
    router.get('/contacts/:id/edit', [ContactsController, 'edit']).where('id', id.id)
    router.put('/contacts/:id', [ContactsController, 'update']).where('id', id.id)
    router
      .post('/contacts/:id/identities', [ContactIdentitiesController, 'store'])
      .where('id', id.id)
    router
      .post('/contacts/:id/legal-hold', [ContactLegalHoldsController, 'update'])
      .where('id', id.id)
    router
      .delete('/contacts/:id/identities/:identityId', [ContactIdentitiesController, 'destroy'])
      .where('id', id.id)
      .where('identityId', router.matchers.number())

    router.get('/organisations', [OrganisationsController, 'index'])
    router.get('/organisations/new', [OrganisationsController, 'create'])
    router.post('/organisations', [OrganisationsController, 'store'])
    router.get('/organisations/:id', [OrganisationsController, 'show']).where('id', id.id)
    router.get('/organisations/:id/edit', [OrganisationsController, 'edit']).where('id', id.id)
    router.put('/organisations/:id', [OrganisationsController, 'update']).where('id', id.id)
  })
  .use([middleware.tenant(), middleware.auth()])
