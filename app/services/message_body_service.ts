import sanitizeHtml from 'sanitize-html'

/**
 * Where an inline image (`cid:` reference) of a message can be
 * fetched from, keyed by its Content-ID.
 */
export type InlineImages = Map<string, string>

const ALLOWED_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'dd',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
]

/**
 * Turns message bodies into markup that is safe to put in an agent's
 * page. HTML from outside passes an allowlist sanitiser (sanitize-html):
 * no scripts, styles, event handlers or forms; links open in a new tab
 * without a referrer; remote images are dropped (they can track the
 * reader) and only inline images stored with the message show.
 */
export class MessageBodyService {
  /**
   * Sanitised HTML of an email body.
   */
  html(source: string, inlineImages: InlineImages = new Map()) {
    return sanitizeHtml(source, {
      allowedTags: ALLOWED_TAGS,
      allowedAttributes: {
        'a': ['href', 'title', 'rel', 'target'],
        'img': ['src', 'alt', 'width', 'height'],
        'td': ['colspan', 'rowspan'],
        'th': ['colspan', 'rowspan', 'scope'],
        '*': ['title'],
      },
      allowedSchemes: ['http', 'https', 'mailto', 'tel'],
      allowedSchemesByTag: { img: [] },
      allowProtocolRelative: false,
      disallowedTagsMode: 'discard',
      nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
      transformTags: {
        a: (tagName, attribs) => ({
          tagName,
          attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
        }),
        img: (tagName, attribs) => {
          const cid = /^cid:(.+)$/i.exec(attribs.src ?? '')?.[1]
          const url = cid ? inlineImages.get(normaliseContentId(cid)) : undefined
          const { src: _src, ...rest } = attribs
          return { tagName, attribs: url ? { ...rest, src: url } : rest }
        },
      },
      allowedSchemesAppliedToAttributes: ['href', 'src'],
      /* Images without a stored source (remote ones) are dropped. */
      exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src?.startsWith('/'),
    })
  }
}

/**
 * A Content-ID without angle brackets, lowercased, as used for
 * matching `cid:` references.
 */
export function normaliseContentId(id: string) {
  return id.trim().replace(/^<|>$/g, '').toLowerCase()
}

export default new MessageBodyService()
