/**
 * The shape the code keeps (docs/architecture.md), held by tests: the
 * linter refuses an import across a boundary, files stay of one concern,
 * and the architecture document names files that exist.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const eslint = new ESLint({ cwd: root })

async function lintErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.message)
}

describe('the linter refuses a boundary breach', () => {
  // [the importing file, the module it imports, a name it takes, what the linter says]
  const breaches: [string, string, string, RegExp][] = [
    ['app/utils/x.ts', '~/domain/states', 'isPublished', /utils may not import domain/],
    ['app/utils/x.ts', '../models/rules.server', 'db', /utils may not import models/],
    ['app/components/x.tsx', '~/models/public-petition.server', 'publicName', /components may/],
    ['app/components/x.tsx', '~/utils/env.server', 'env', /Server modules stay out/],
    [
      'app/models/x.server.ts',
      '~/services/signing.server',
      'sign',
      /models may not import services/,
    ],
    ['app/models/x.server.ts', '~/jobs/worker.server', 'startWorker', /models may not import jobs/],
    ['app/models/x.server.ts', '~/utils/jobs.server', 'wake', /Models do not wake jobs/],
    ['app/models/x.server.ts', '~/routes/healthz', 'loader', /models may not import routes/],
    ['app/routes/x.tsx', '~/jobs/worker.server', 'startWorker', /routes may not import jobs/],
    ['app/routes/x.tsx', 'zod', 'z', /from '~\/validation\/zod'/],
    ['app/validation/x.ts', 'zod', 'z', /from '~\/validation\/zod'/],
  ]
  for (const [file, module, name, message] of breaches) {
    it(`when ${file} imports ${module}`, async () => {
      const code = `import { ${name} } from '${module}'\nexport const used = [${name}]\n`
      expect((await lintErrors(file, code)).join('\n')).toMatch(message)
    })
  }

  it('and lets the allowed direction through', async () => {
    const code = `import { countedSignature } from '~/models/rules.server'\nexport const used = [countedSignature]\n`
    expect(await lintErrors('app/services/x.server.ts', code)).toEqual([])
  })
})

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .flatMap((entry) => {
      const file = path.join(entry.parentPath, entry.name)
      return entry.isFile() && /\.(ts|tsx|css)$/.test(entry.name) && !/\.test\./.test(entry.name)
        ? [path.relative(root, file)]
        : []
    })
}

describe('files of one concern', () => {
  it('keep every source file under app/, emails/, db/ and bin/ to 400 lines', () => {
    const long = ['app', 'emails', 'db', 'bin']
      .flatMap(sourceFiles)
      .map(
        (file) =>
          [file, fs.readFileSync(path.join(root, file), 'utf8').split('\n').length - 1] as const,
      )
      .filter(([, lines]) => lines > 400)
    expect(long).toEqual([])
  })
})

describe('docs/architecture.md', () => {
  it('answers "where is the rule for X?" with files that exist', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8')
    const table = doc.slice(doc.indexOf('## Where is the rule for'))
    const rows = table
      .split('\n')
      .filter((line) => /^\| [^-]/.test(line))
      .slice(1)
    expect(rows.length).toBeGreaterThanOrEqual(8)
    for (const row of rows) {
      const files = [...row.matchAll(/`((?:app|emails|db|bin|docs)\/[^`]+)`/g)].map((m) => m[1]!)
      expect(files.length, row).toBeGreaterThan(0)
      for (const file of files) expect(fs.existsSync(path.join(root, file)), file).toBe(true)
    }
  })
})
