import { describe, expect, it } from 'vitest'
import {
  compileMessage,
  messageRenderer,
  renderMessage,
  SAMPLE_CONTEXT,
  TemplateError,
  validateMessageTemplate,
  type MergeContext,
} from './templates.server'

function errorsOf(template: { subject: string; body: string }, contexts?: MergeContext[]) {
  try {
    validateMessageTemplate(template, contexts)
  } catch (error) {
    if (error instanceof TemplateError) return error.fields
    throw error
  }
  return null
}

describe('campaign templates (strict Liquid)', () => {
  it('accepts every merge name of the contract', () => {
    const names = [
      'supporter.first_name',
      'supporter.name',
      'petition.title',
      'petition.url',
      'petition.total_signatures',
      'petition.goal',
      'case.person_name',
      'case.status',
      'case.next_date',
      'case.days_left',
      'official.name',
      'official.title',
      'organization.name',
    ]
    const body = names.map((n) => `${n}={{ ${n} }}`).join('\n\n')
    expect(errorsOf({ subject: '{{ petition.title }}', body })).toBeNull()
  })

  it('rejects an unknown name or filter, in subject and body, with the name', () => {
    expect(errorsOf({ subject: 'Hi', body: 'Dear {{ supporter.nickname }}' })).toEqual({
      body: [expect.stringContaining('supporter.nickname')],
    })
    expect(errorsOf({ subject: '{{ petition.titel }}', body: 'x' })!.subject![0]).toContain(
      'petition.titel',
    )
    expect(errorsOf({ subject: 'x', body: '{{ supporter.name | shout }}' })!.body![0]).toContain(
      'shout',
    )
    expect(errorsOf({ subject: 'x', body: '{{ unclosed' })!.body).toHaveLength(1)
    expect(errorsOf({ subject: 'x', body: '{% include "secrets" %}' })!.body).toHaveLength(1)
  })

  it('rejects a name the real data lacks (no decision maker), naming the petition', () => {
    const { official: _none, ...withoutOfficial } = SAMPLE_CONTEXT
    const fields = errorsOf({ subject: 'x', body: 'To {{ official.name }}' }, [withoutOfficial])
    expect(fields!.body![0]).toMatch(/official.*Spare Sample Person/)
  })

  it('escapes merge values in HTML only, and sanitizes the Markdown', () => {
    const compiled = validateMessageTemplate({
      subject: 'For {{ supporter.first_name }}',
      body: 'Dear **{{ supporter.name }}**,\n\n<script>alert(1)</script>\n\n[go]({{ petition.url }})',
    })
    const out = renderMessage(compiled, {
      ...SAMPLE_CONTEXT,
      supporter: { first_name: 'Ann<b>', name: 'Ann <img src=x onerror=alert(1)> & Co' },
    })
    expect(out.subject).toBe('For Ann<b>')
    expect(out.bodyHtml).toContain(
      '<strong>Ann &lt;img src=x onerror=alert(1)&gt; &amp; Co</strong>',
    )
    expect(out.bodyHtml).not.toContain('<script')
    expect(out.bodyHtml).toContain('href="https://vigil.example/petitions/sample"')
    expect(out.bodyText).toContain('Dear **Ann <img src=x onerror=alert(1)> & Co**')
  })
})

describe('the body rendered once per petition, names put in after', () => {
  const bodies = [
    'Dear {{ supporter.first_name }},\n\nThank you for signing **{{ petition.title }}**.',
    '*{{ supporter.first_name }}*, _{{ supporter.name }}_ and __{{ supporter.first_name }}__!',
    'x{{ supporter.first_name }}_y_ and snake_{{ supporter.first_name }}_case',
    '{{ supporter.first_name }}\n===\n\n# {{ supporter.name }}\n\n> {{ supporter.first_name }} said',
    '- {{ supporter.first_name }}\n- second\n\n1. {{ supporter.name }}\n2. b',
    '[{{ supporter.first_name }}](https://example.org/{{ supporter.first_name }}?n={{ supporter.name }})',
    '{{ supporter.first_name }}@example.org and <{{ supporter.first_name }}@example.org>',
    '`{{ supporter.first_name }}` and\n\n    {{ supporter.name }} indented',
    '{{ supporter.first_name }}  \nhard break, {{supporter.name}}s and {{- supporter.first_name -}} trimmed',
    '| a | b |\n| - | - |\n| {{ supporter.first_name }} | {{ supporter.name }} |',
    '<b>{{ supporter.first_name }}</b> <script>x</script> {{ petition.url }}',
  ]
  const names = [
    'Maria',
    'Maria José',
    'Zoë Ångström',
    'Fan123 Example',
    'O’Brien Liam',
    "D'Arcy",
    'Jean-Luc Picard',
    'www Example',
    '*bold* Name',
    '1. List',
    'A_B C',
    '<script>alert(1)</script>',
    'Ann & Bob',
    'http Name',
  ]
  it('gives exactly what rendering each recipient alone gives, for every name', () => {
    for (const body of bodies) {
      const compiled = compileMessage({ subject: 'Hi {{ supporter.first_name }}', body })
      expect(compiled.supporterOutputsOnly).toBe(true)
      for (const name of names) {
        const context = {
          ...SAMPLE_CONTEXT,
          supporter: { name, first_name: name.split(' ')[0]! },
        }
        expect(renderMessage(compiled, context)).toEqual(
          renderMessage(compiled, context, { perRecipient: true }),
        )
      }
    }
  })

  it('renders once for a petition and fills each recipient in, subject and text too', () => {
    const subjects = [
      'Hi {{ supporter.first_name }}',
      '{{ supporter.name }}: {{ case.days_left }} days left',
      '  {{ supporter.first_name }}\n  and   {{ petition.title }}  ',
      'No names at all',
    ]
    const { supporter: _sample, ...shared } = SAMPLE_CONTEXT
    for (const subject of subjects) {
      for (const body of bodies) {
        const compiled = compileMessage({ subject, body })
        expect(compiled.supporterOutputsOnly).toBe(true)
        // One renderer for every recipient, as the delivery job keeps it.
        const render = messageRenderer(compiled, shared)
        for (const name of names) {
          const supporter = { name, first_name: name.split(' ')[0]! }
          expect(render(supporter)).toEqual(render(supporter, { perRecipient: true }))
        }
      }
    }
  })

  it('is not used when a supporter field meets a filter or a tag', () => {
    for (const body of [
      '{{ supporter.first_name | upcase }}',
      '{% if supporter.first_name == "Maria" %}Hola{% endif %}',
      '{% assign n = supporter.name %}{{ n }}',
      // A computed name can reach the supporter too.
      '{% assign k = "supp" | append: "orter" %}{{ [k].name | upcase }}',
    ]) {
      expect(compileMessage({ subject: 's', body }).supporterOutputsOnly).toBe(false)
      expect(compileMessage({ subject: body, body: 's' }).supporterOutputsOnly).toBe(false)
    }
    const computed = compileMessage({
      subject: '{% assign k = "supp" | append: "orter" %}{{ [k].first_name | upcase }}',
      body: 'Hello',
    })
    expect(
      renderMessage(computed, {
        ...SAMPLE_CONTEXT,
        supporter: { first_name: 'Maria', name: 'Maria Lopez' },
      }).subject,
    ).toBe('MARIA')
    const compiled = compileMessage({ subject: 's', body: '{{ supporter.first_name | upcase }}' })
    const html = renderMessage(compiled, {
      ...SAMPLE_CONTEXT,
      supporter: { first_name: 'Maria', name: 'Maria Lopez' },
    }).bodyHtml
    expect(html).toBe('<p>MARIA</p>\n')
  })
})
