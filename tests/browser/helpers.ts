/**
 * Shared steps of the browser suite: the WCAG 2.2 AA check, the focus
 * indicator check, logging in through the real form and the origin of
 * a host on the test server.
 */
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright'

/**
 * The few browser globals the tests read inside the page, typed here
 * because the project compiles without the DOM library.
 */
interface PageElement {
  id: string
  tagName: string
  textContent: string | null
  parentElement: PageElement | null
  getAttribute(name: string): string | null
}
export interface BrowserWindow {
  document: { activeElement: PageElement; documentElement: { scrollWidth: number } }
  getComputedStyle(node: PageElement): {
    backgroundColor: string
    outlineColor: string
    outlineStyle: string
    outlineWidth: string
  }
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * The address of a host (`localhost` or `<slug>.localhost`) on the
 * server the suite starts.
 */
export function originOf(host: string) {
  return `http://${host}:${process.env.PORT}`
}

/**
 * Runs axe-core with the WCAG 2.2 AA rules and returns the violations
 * in a form that reads well in a failed assertion.
 */
export async function accessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  return results.violations.map((violation) => ({
    id: violation.id,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }))
}

/**
 * Fills the login form of the page's host and submits it, waiting for
 * the page the login leads to.
 */
export async function logIn(page: Page, email: string, password: string, landing: string | RegExp) {
  await page.getByRole('textbox', { name: /e-post|email/i }).fill(email)
  await page.locator('input[name="password"]').fill(password)
  await Promise.all([page.waitForURL(landing), page.locator('button[type="submit"]').click()])
}

/**
 * How the focused element shows focus: its outline and the contrast of
 * the outline's colour with the background behind the element (the
 * nearest ancestor with an opaque background).
 */
export async function focusIndicator(page: Page) {
  return page.evaluate(() => {
    const win = globalThis as unknown as BrowserWindow
    const element = win.document.activeElement
    const style = win.getComputedStyle(element)
    const channels = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number)
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((value) => {
        const c = value / 255
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    let behind = [255, 255, 255]
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = channels(win.getComputedStyle(node).backgroundColor)
      if (colour.length === 3 || colour[3] === 1) {
        behind = colour.slice(0, 3)
        break
      }
    }
    const [light, dark] = [luminance(channels(style.outlineColor)), luminance(behind)].sort(
      (a, b) => b - a
    )
    return {
      name: element.getAttribute('aria-label') || element.textContent?.trim() || element.id,
      tag: element.tagName.toLowerCase(),
      id: element.id,
      outline: style.outlineStyle,
      width: Number.parseFloat(style.outlineWidth),
      contrast: Math.round(((light + 0.05) / (dark + 0.05)) * 10) / 10,
    }
  })
}
