export const policies = {
  TicketPolicy: () => import('#policies/ticket_policy'),
}

