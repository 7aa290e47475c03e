import type { PluginHost } from './plugin_host.js'
import type { PluginManifest, ViewContribution } from './types.js'

/**
 * The manifest keys whose entries are partials the core renders.
 */
export type ContributionPoint =
  'ticketListColumns' | 'ticketBadges' | 'ticketPanels' | 'contactPanels'

/**
 * One contributed partial with the plugin it comes from.
 */
export type Contribution<Point extends ContributionPoint = ContributionPoint> = NonNullable<
  PluginManifest[Point]
>[number] & { pluginId: string }

/**
 * Anything that renders an Edge template with state: the request's
 * view renderer, so shared data (translations, user, CSRF) is there.
 */
export interface TemplateRenderer {
  render(template: string, state?: Record<string, any>): Promise<string>
}

/**
 * Lists and renders the partials plugins contribute to core pages.
 * Rendering is guarded: a throwing partial is logged with its plugin
 * id and left out, and the page renders without it.
 */
export class Contributions {
  constructor(protected host: PluginHost) {}

  /**
   * The contributions of enabled plugins to one point, in order.
   */
  list<Point extends ContributionPoint>(point: Point, enabled: Set<string>) {
    return this.host.plugins
      .filter(({ manifest }) => enabled.has(manifest.id))
      .flatMap(({ manifest }) =>
        ((manifest[point] ?? []) as ViewContribution[]).map(
          (item) => ({ ...item, pluginId: manifest.id }) as Contribution<Point>
        )
      )
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
  }

  /**
   * Runs each contribution's `prepare` once for a page's tickets. The
   * result per contribution (or `{}` when it has none or it throws)
   * is the `data` its partial receives.
   */
  async prepare(contributions: Contribution[], tickets: unknown[], tenantId: number) {
    const data: Record<string, unknown>[] = []
    for (const contribution of contributions) {
      const prepared = contribution.prepare
        ? await this.host.guard(contribution.pluginId, `prepare:${contribution.view}`, () =>
            contribution.prepare!(tickets, tenantId)
          )
        : undefined
      data.push(prepared ?? {})
    }
    return data
  }

  /**
   * Renders one contribution; an empty string when it throws.
   */
  async render(
    renderer: TemplateRenderer,
    contribution: Contribution,
    state: Record<string, any>
  ): Promise<string> {
    const html = await this.host.guard(contribution.pluginId, `view:${contribution.view}`, () =>
      renderer.render(contribution.view, state)
    )
    return html ?? ''
  }

  /**
   * Renders each contribution with the same state, in order, each
   * with its prepared `data` (see `prepare`).
   */
  async renderAll(
    renderer: TemplateRenderer,
    contributions: Contribution[],
    state: Record<string, any>,
    data: Record<string, unknown>[] = []
  ) {
    const rendered: string[] = []
    for (const [index, contribution] of contributions.entries()) {
      const withData = { ...state, data: data[index] ?? {} }
      rendered.push(await this.render(renderer, contribution, withData))
    }
    return rendered
  }
}
