import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Tenant from '#models/tenant'
import Operator from '#models/operator'
import User, { type UserRole } from '#models/user'
import type Ticket from '#models/ticket'
import Message from '#models/message'
import AnsweringPoint from '#models/answering_point'
import inbox, { externalIdHash, type NormalisedInbound } from '#services/inbox_service'
import tickets from '#services/ticket_service'
import modules from '#services/module_service'
import { TenantContext } from '#services/tenant_context'

/**
 * Demo logins, documented in the README. For development only.
 */
export const DEMO = {
  operator: { email: 'operator@localhost', password: 'demo-operator' },
  tenant: { slug: 'demo', name: 'Demo AB', defaultLocale: 'sv' },
  users: [
    { email: 'admin@demo.localhost', password: 'demo-admin', role: 'admin', name: 'Anna Admin' },
    {
      email: 'supervisor@demo.localhost',
      password: 'demo-supervisor',
      role: 'supervisor',
      name: 'Sara Arbetsledare',
    },
    {
      email: 'agent@demo.localhost',
      password: 'demo-agent',
      role: 'agent',
      name: 'Erik Handläggare',
    },
  ] as { email: string; password: string; role: UserRole; name: string }[],
}

/**
 * Inbound emails the demo tickets start from, in Swedish.
 */
const DEMO_MAIL = [
  {
    point: 'support',
    from: { name: 'Karin Lindqvist', address: 'karin.lindqvist@kund.example' },
    subject: 'Kan inte logga in på kundportalen',
    text:
      'Hej!\n\nSedan i morse får jag felmeddelandet "Ogiltigt lösenord" när jag försöker logga in, ' +
      'trots att jag bytte lösenord i förra veckan. Kan ni hjälpa mig?\n\nMed vänlig hälsning\nKarin',
    id: '<demo-1.karin@kund.example>',
  },
  {
    point: 'support',
    from: { name: 'Björn Åström', address: 'bjorn@astrom-bygg.example' },
    subject: 'Faktura 2024-118 har fel belopp',
    text:
      'Hej,\n\nFakturan vi fick i dag har momsen räknad två gånger. Totalbeloppet borde vara ' +
      '12 500 kr, inte 15 625 kr. Kan ni skicka en rättad faktura?\n\nHälsningar\nBjörn Åström\nÅström Bygg AB',
    id: '<demo-2.bjorn@astrom-bygg.example>',
  },
  {
    point: 'sales',
    from: { name: 'Lena Öberg', address: 'lena.oberg@foretaget.example' },
    subject: 'Offert på 25 licenser',
    text:
      'Hej!\n\nVi funderar på att gå över till er tjänst och skulle vilja ha en offert på 25 ' +
      'licenser med årsavtal. Finns det rabatt för ideella föreningar?\n\nVänliga hälsningar\nLena',
    id: '<demo-3.lena@foretaget.example>',
  },
  {
    point: 'support',
    from: { name: 'Karin Lindqvist', address: 'karin.lindqvist@kund.example' },
    subject: 'SV: Kan inte logga in på kundportalen',
    text:
      'Hej igen,\n\nJag glömde nämna att jag använder Firefox på en Mac. Det fungerar inte ' +
      'heller i mobilen.\n\n/Karin',
    id: '<demo-4.karin@kund.example>',
    references: ['<demo-1.karin@kund.example>'],
  },
]

/**
 * The demo platform: an operator, the tenant `demo` with two
 * answering points, a user of each role, the email, calendar and SLA
 * modules, a forwarding mailbox, an SLA policy and a few tickets.
 * Running it again changes nothing: every row is looked up before it
 * is created.
 */
export default class DemoSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    await Operator.firstOrCreate(
      { email: DEMO.operator.email },
      { fullName: 'Demo Operator', password: DEMO.operator.password }
    )
    const tenant = await Tenant.firstOrCreate(
      { slug: DEMO.tenant.slug },
      { name: DEMO.tenant.name, defaultLocale: DEMO.tenant.defaultLocale }
    )

    await TenantContext.run(tenant.id, async () => {
      const support = await AnsweringPoint.firstOrCreate({ slug: 'support' }, { name: 'Support' })
      const sales = await AnsweringPoint.firstOrCreate({ slug: 'sales' }, { name: 'Sales' })
      const users = await this.seedUsers(tenant, { support, sales })

      await this.enableModules(tenant)
      await this.seedMailbox(support)
      await this.seedSlaPolicy()
      await this.seedTickets({ support, sales }, users)
    })
  }

  /**
   * The three demo users; the agent works in Support only.
   */
  protected async seedUsers(tenant: Tenant, points: Record<string, AnsweringPoint>) {
    const byRole: Partial<Record<UserRole, User>> = {}
    for (const demo of DEMO.users) {
      const user = await User.firstOrCreate(
        { email: demo.email },
        { fullName: demo.name, password: demo.password, role: demo.role }
      )
      const wanted = demo.role === 'agent' ? [points.support] : [points.support, points.sales]
      const rows = Object.fromEntries(wanted.map((p) => [p.id, { tenant_id: tenant.id }]))
      await user.related('answeringPoints').sync(rows, false)
      byRole[demo.role] = user
    }
    return byRole
  }

  /**
   * The installed modules the demo shows: email, opening hours and
   * service levels, each when present.
   */
  protected async enableModules(tenant: Tenant) {
    const host = await app.container.make('plugins')
    for (const id of ['email', 'calendar', 'sla']) {
      if (!host.find(id)) continue
      if (await modules.isEnabled(tenant.id, id)) continue
      await modules.setEnabled(tenant.id, id, true)
    }
  }

  /**
   * One SLA policy for every ticket, counted in the answering point's
   * opening hours, when the SLA plugin's table exists and the tenant
   * has none yet.
   */
  protected async seedSlaPolicy() {
    if (!(await db.connection().schema.hasTable('sla_policies'))) return
    const { default: SlaPolicy } = await import('#plugins/sla/models/sla_policy')
    if (await SlaPolicy.query().first()) return
    await SlaPolicy.create({
      name: 'Standard',
      position: 1,
      active: true,
      firstResponseMinutes: 240,
      nextResponseMinutes: 480,
      resolutionMinutes: 2400,
      calendar: 'point',
      warnMinutes: 60,
      escalateOn: 'breach',
      escalateNotify: true,
      escalateRaisePriority: true,
    })
  }

  /**
   * A forwarding mailbox for Support, when the email plugin's table
   * exists.
   */
  protected async seedMailbox(support: AnsweringPoint) {
    if (!(await db.connection().schema.hasTable('email_mailboxes'))) return
    const { default: Mailbox } = await import('#plugins/email/models/mailbox')
    await Mailbox.firstOrCreate(
      { address: 'support@demo.localhost' },
      {
        answeringPointId: support.id,
        name: 'Support',
        intake: 'forward',
        forwardToken: 'demo-support',
      }
    )
  }

  /**
   * Demo tickets through the real inbox. A mail whose Message-ID is
   * already stored is skipped, so a second run adds nothing.
   */
  protected async seedTickets(
    points: Record<string, AnsweringPoint>,
    users: Partial<Record<UserRole, User>>
  ) {
    const created = new Map<string, Ticket>()
    const sentAt = DateTime.utc().minus({ hours: DEMO_MAIL.length + 1 })

    for (const [index, mail] of DEMO_MAIL.entries()) {
      const known = await Message.query().where('external_id_hash', externalIdHash(mail.id)).first()
      if (known) continue

      const input: NormalisedInbound = {
        channel: 'email',
        answeringPointId: points[mail.point].id,
        sender: { type: 'email', ...mail.from },
        recipients: { to: [{ name: null, address: `${mail.point}@demo.localhost` }], cc: [] },
        subject: mail.subject,
        text: mail.text,
        html: null,
        attachments: [],
        externalId: mail.id,
        references: mail.references ?? [],
        autoGenerated: false,
        sentAt: sentAt.plus({ hours: index }),
        inboundMessageId: null,
      }
      const result = await inbox.accept(input)
      if (result.createdTicket) created.set(mail.id, result.ticket)
    }

    /* A little variety in a fresh list: one taken by the agent, one waiting. */
    const invoice = created.get(DEMO_MAIL[1].id)
    if (invoice && users.agent) {
      await tickets.change(invoice, { status: 'open', assigneeId: users.agent.id }, users.agent.id)
    }
    const quote = created.get(DEMO_MAIL[2].id)
    if (quote && users.supervisor) {
      await tickets.change(quote, { status: 'pending' }, users.supervisor.id)
    }
  }
}
