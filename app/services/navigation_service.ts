import router from '@adonisjs/core/services/router'
import { urlFor } from '@adonisjs/core/services/url_builder'
import app from '@adonisjs/core/services/app'
import modules from '#services/module_service'
import type { NavigationItem, Role } from '#plugin_host/types'

/**
 * A navigation link ready for the header.
 */
export interface NavLink {
  label: string
  url: string
  current: boolean
}

/**
 * The core's own navigation; plugins add theirs through manifests.
 */
const CORE_ITEMS: NavigationItem[] = [
  { label: 'tickets.nav.tickets', route: 'tickets.index', order: 10 },
  { label: 'contacts.nav.contacts', route: 'contacts.index', order: 20 },
  { label: 'admin.nav.settings', route: 'admin.settings.index', roles: ['admin'], order: 90 },
]

/**
 * Builds the header navigation for a user: core items and those of
 * the plugins their tenant has enabled, filtered by role.
 */
export class NavigationService {
  /**
   * Links for the user's role on the tenant, marking the current one.
   */
  async linksFor(tenantId: number, role: Role, currentPath: string): Promise<NavLink[]> {
    const host = await app.container.make('plugins')
    const enabled = await modules.enabledFor(tenantId)
    const items = [
      ...CORE_ITEMS.filter((item) => !item.roles || item.roles.includes(role)),
      ...host.navigation(enabled, role),
    ].sort((a, b) => (a.order ?? 100) - (b.order ?? 100))

    return items
      .filter((item) => router.has(item.route))
      .map((item) => {
        const url = urlFor(item.route as any)
        return { label: item.label, url, current: currentPath.startsWith(url) }
      })
  }
}

export default new NavigationService()
