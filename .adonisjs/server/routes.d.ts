import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'health': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'session.store': { paramsTuple?: []; params?: {} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'password_reset.create': { paramsTuple?: []; params?: {} }
    'password_reset.store': { paramsTuple?: []; params?: {} }
    'password_reset.edit': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'password_reset.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'event_stream': { paramsTuple?: []; params?: {} }
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'platform.tenants.index': { paramsTuple?: []; params?: {} }
    'platform.tenants.create': { paramsTuple?: []; params?: {} }
    'platform.tenants.store': { paramsTuple?: []; params?: {} }
    'platform.tenants.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.tenants.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.tenants.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.tenant_modules.update': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'plugin': ParamValue} }
    'platform.dpa.edit': { paramsTuple?: []; params?: {} }
    'platform.dpa.update': { paramsTuple?: []; params?: {} }
    'home.index': { paramsTuple?: []; params?: {} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'tickets.create': { paramsTuple?: []; params?: {} }
    'tickets.store': { paramsTuple?: []; params?: {} }
    'tickets.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_replies.store': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_notes.store': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_assignments.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_statuses.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_priorities.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_tags.store': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_legal_holds.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_tags.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'tagId': ParamValue} }
    'attachments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.index': { paramsTuple?: []; params?: {} }
    'contacts.create': { paramsTuple?: []; params?: {} }
    'contacts.store': { paramsTuple?: []; params?: {} }
    'contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contact_identities.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contact_legal_holds.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contact_identities.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'identityId': ParamValue} }
    'organisations.index': { paramsTuple?: []; params?: {} }
    'organisations.create': { paramsTuple?: []; params?: {} }
    'organisations.store': { paramsTuple?: []; params?: {} }
    'organisations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.home': { paramsTuple?: []; params?: {} }
    'admin.settings.index': { paramsTuple?: []; params?: {} }
    'admin.settings.update': { paramsTuple?: []; params?: {} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.users.store': { paramsTuple?: []; params?: {} }
    'admin.users.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.user_password_resets.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.answering_points.index': { paramsTuple?: []; params?: {} }
    'admin.answering_points.create': { paramsTuple?: []; params?: {} }
    'admin.answering_points.store': { paramsTuple?: []; params?: {} }
    'admin.answering_points.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.answering_points.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.modules.index': { paramsTuple?: []; params?: {} }
    'admin.module_settings.edit': { paramsTuple: [ParamValue]; params: {'plugin': ParamValue} }
    'admin.module_settings.update': { paramsTuple: [ParamValue]; params: {'plugin': ParamValue} }
    'admin.data_protection.index': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.index': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.create': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.store': { paramsTuple?: []; params?: {} }
    'admin.privacy_bundles.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.retention.index': { paramsTuple?: []; params?: {} }
    'admin.retention.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.retention_runs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.index': { paramsTuple?: []; params?: {} }
    'admin.archive.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.confirm_destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.index': { paramsTuple?: []; params?: {} }
    'admin.archive_attachments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.confirm_destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.index': { paramsTuple?: []; params?: {} }
    'calendar.calendars.store': { paramsTuple: [ParamValue]; params: {'pointId': ParamValue} }
    'calendar.calendars.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.month': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.deviations.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.deviations.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.deviations.update': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.deviations.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.deviations.move': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.agenda.index': { paramsTuple?: []; params?: {} }
    'calendar.entries.store': { paramsTuple?: []; params?: {} }
    'calendar.entries.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.feed_tokens.store': { paramsTuple?: []; params?: {} }
    'calendar.feed_tokens.destroy': { paramsTuple?: []; params?: {} }
    'calendar.ics_imports.store': { paramsTuple?: []; params?: {} }
    'calendar.hooks.feed': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'email.mailboxes.index': { paramsTuple?: []; params?: {} }
    'email.mailboxes.create': { paramsTuple?: []; params?: {} }
    'email.mailboxes.store': { paramsTuple?: []; params?: {} }
    'email.mailboxes.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.mailboxes.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.mailboxes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.mailboxes.rotate_token': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.held.index': { paramsTuple?: []; params?: {} }
    'email.held.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.held.accept': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.held.reject': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.failed.index': { paramsTuple?: []; params?: {} }
    'email.failed.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.failed.resolve': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.inbound.raw': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.index': { paramsTuple?: []; params?: {} }
    'sla.policies.create': { paramsTuple?: []; params?: {} }
    'sla.policies.store': { paramsTuple?: []; params?: {} }
    'sla.policies.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.reports.index': { paramsTuple?: []; params?: {} }
    'sla.reports.csv': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'health': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'password_reset.create': { paramsTuple?: []; params?: {} }
    'password_reset.edit': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'event_stream': { paramsTuple?: []; params?: {} }
    'platform.tenants.index': { paramsTuple?: []; params?: {} }
    'platform.tenants.create': { paramsTuple?: []; params?: {} }
    'platform.tenants.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.tenants.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.dpa.edit': { paramsTuple?: []; params?: {} }
    'home.index': { paramsTuple?: []; params?: {} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'tickets.create': { paramsTuple?: []; params?: {} }
    'tickets.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'attachments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.index': { paramsTuple?: []; params?: {} }
    'contacts.create': { paramsTuple?: []; params?: {} }
    'contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.index': { paramsTuple?: []; params?: {} }
    'organisations.create': { paramsTuple?: []; params?: {} }
    'organisations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.home': { paramsTuple?: []; params?: {} }
    'admin.settings.index': { paramsTuple?: []; params?: {} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.users.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.answering_points.index': { paramsTuple?: []; params?: {} }
    'admin.answering_points.create': { paramsTuple?: []; params?: {} }
    'admin.answering_points.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.modules.index': { paramsTuple?: []; params?: {} }
    'admin.module_settings.edit': { paramsTuple: [ParamValue]; params: {'plugin': ParamValue} }
    'admin.data_protection.index': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.index': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.create': { paramsTuple?: []; params?: {} }
    'admin.privacy_bundles.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.retention.index': { paramsTuple?: []; params?: {} }
    'admin.retention_runs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.index': { paramsTuple?: []; params?: {} }
    'admin.archive.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.confirm_destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.index': { paramsTuple?: []; params?: {} }
    'admin.archive_attachments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.confirm_destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.index': { paramsTuple?: []; params?: {} }
    'calendar.calendars.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.month': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.deviations.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.agenda.index': { paramsTuple?: []; params?: {} }
    'calendar.hooks.feed': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'email.mailboxes.index': { paramsTuple?: []; params?: {} }
    'email.mailboxes.create': { paramsTuple?: []; params?: {} }
    'email.mailboxes.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.held.index': { paramsTuple?: []; params?: {} }
    'email.held.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.failed.index': { paramsTuple?: []; params?: {} }
    'email.inbound.raw': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.index': { paramsTuple?: []; params?: {} }
    'sla.policies.create': { paramsTuple?: []; params?: {} }
    'sla.policies.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.reports.index': { paramsTuple?: []; params?: {} }
    'sla.reports.csv': { paramsTuple?: []; params?: {} }
  }
  HEAD: {
    'health': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'password_reset.create': { paramsTuple?: []; params?: {} }
    'password_reset.edit': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'event_stream': { paramsTuple?: []; params?: {} }
    'platform.tenants.index': { paramsTuple?: []; params?: {} }
    'platform.tenants.create': { paramsTuple?: []; params?: {} }
    'platform.tenants.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.tenants.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.dpa.edit': { paramsTuple?: []; params?: {} }
    'home.index': { paramsTuple?: []; params?: {} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'tickets.create': { paramsTuple?: []; params?: {} }
    'tickets.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'attachments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.index': { paramsTuple?: []; params?: {} }
    'contacts.create': { paramsTuple?: []; params?: {} }
    'contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.index': { paramsTuple?: []; params?: {} }
    'organisations.create': { paramsTuple?: []; params?: {} }
    'organisations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.home': { paramsTuple?: []; params?: {} }
    'admin.settings.index': { paramsTuple?: []; params?: {} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.users.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.answering_points.index': { paramsTuple?: []; params?: {} }
    'admin.answering_points.create': { paramsTuple?: []; params?: {} }
    'admin.answering_points.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.modules.index': { paramsTuple?: []; params?: {} }
    'admin.module_settings.edit': { paramsTuple: [ParamValue]; params: {'plugin': ParamValue} }
    'admin.data_protection.index': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.index': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.create': { paramsTuple?: []; params?: {} }
    'admin.privacy_bundles.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.retention.index': { paramsTuple?: []; params?: {} }
    'admin.retention_runs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.index': { paramsTuple?: []; params?: {} }
    'admin.archive.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.confirm_destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.index': { paramsTuple?: []; params?: {} }
    'admin.archive_attachments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.confirm_destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.index': { paramsTuple?: []; params?: {} }
    'calendar.calendars.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.month': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.deviations.edit': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.agenda.index': { paramsTuple?: []; params?: {} }
    'calendar.hooks.feed': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'email.mailboxes.index': { paramsTuple?: []; params?: {} }
    'email.mailboxes.create': { paramsTuple?: []; params?: {} }
    'email.mailboxes.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.held.index': { paramsTuple?: []; params?: {} }
    'email.held.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.failed.index': { paramsTuple?: []; params?: {} }
    'email.inbound.raw': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.index': { paramsTuple?: []; params?: {} }
    'sla.policies.create': { paramsTuple?: []; params?: {} }
    'sla.policies.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.reports.index': { paramsTuple?: []; params?: {} }
    'sla.reports.csv': { paramsTuple?: []; params?: {} }
  }
  POST: {
    'session.store': { paramsTuple?: []; params?: {} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'password_reset.store': { paramsTuple?: []; params?: {} }
    'password_reset.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'platform.tenants.store': { paramsTuple?: []; params?: {} }
    'tickets.store': { paramsTuple?: []; params?: {} }
    'ticket_replies.store': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_notes.store': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_assignments.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_statuses.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_priorities.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_tags.store': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'ticket_legal_holds.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'contacts.store': { paramsTuple?: []; params?: {} }
    'contact_identities.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contact_legal_holds.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.store': { paramsTuple?: []; params?: {} }
    'admin.users.store': { paramsTuple?: []; params?: {} }
    'admin.user_password_resets.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.answering_points.store': { paramsTuple?: []; params?: {} }
    'admin.privacy_requests.store': { paramsTuple?: []; params?: {} }
    'calendar.calendars.store': { paramsTuple: [ParamValue]; params: {'pointId': ParamValue} }
    'calendar.deviations.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.deviations.move': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.entries.store': { paramsTuple?: []; params?: {} }
    'calendar.feed_tokens.store': { paramsTuple?: []; params?: {} }
    'calendar.ics_imports.store': { paramsTuple?: []; params?: {} }
    'email.mailboxes.store': { paramsTuple?: []; params?: {} }
    'email.mailboxes.rotate_token': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.held.accept': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.held.reject': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.failed.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'email.failed.resolve': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.store': { paramsTuple?: []; params?: {} }
    'sla.policies.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  PUT: {
    'platform.tenants.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'platform.tenant_modules.update': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'plugin': ParamValue} }
    'platform.dpa.update': { paramsTuple?: []; params?: {} }
    'contacts.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'organisations.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.settings.update': { paramsTuple?: []; params?: {} }
    'admin.users.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.answering_points.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.module_settings.update': { paramsTuple: [ParamValue]; params: {'plugin': ParamValue} }
    'admin.retention.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.deviations.update': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'email.mailboxes.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  DELETE: {
    'ticket_tags.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'tagId': ParamValue} }
    'contact_identities.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'identityId': ParamValue} }
    'admin.users.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.archive_attachments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.calendars.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.deviations.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'deviationId': ParamValue} }
    'calendar.entries.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'calendar.feed_tokens.destroy': { paramsTuple?: []; params?: {} }
    'email.mailboxes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  PATCH: {
    'email.mailboxes.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'sla.policies.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}