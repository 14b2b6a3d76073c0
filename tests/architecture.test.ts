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
  const breaches: [string, string, string, RegExp][] = [
    [
      'utils import other parts of app/',
      'app/utils/breach.ts',
      "import { isPublished } from '~/domain/states'",
      /utils may not import domain/,
    ],
    [
      'utils reach models by a relative path',
      'app/utils/breach.ts',
      "import { db } from '../models/rules.server'",
      /utils may not import models/,
    ],
    [
      'components import models',
      'app/components/breach.tsx',
      "import { publicName } from '~/models/public-petition.server'",
      /components may not import models|Server modules/,
    ],
    [
      'components import a server module',
      'app/components/breach.tsx',
      "import { env } from '~/utils/env.server'",
      /Server modules stay out of the browser bundle/,
    ],
    [
      'models import services',
      'app/models/breach.server.ts',
      "import { sign } from '~/services/signing.server'",
      /models may not import services/,
    ],
    [
      'models import jobs',
      'app/models/breach.server.ts',
      "import { startWorker } from '~/jobs/worker.server'",
      /models may not import jobs/,
    ],
    [
      'models wake jobs',
      'app/models/breach.server.ts',
      "import { wake } from '~/utils/jobs.server'",
      /Models do not wake jobs/,
    ],
    [
      'models import routes',
      'app/models/breach.server.ts',
      "import { loader } from '~/routes/healthz'",
      /models may not import routes/,
    ],
    [
      'routes import jobs',
      'app/routes/breach.tsx',
      "import { startWorker } from '~/jobs/worker.server'",
      /routes may not import jobs/,
    ],
  ]
  for (const [what, file, line, message] of breaches) {
    it(`when ${what}`, async () => {
      const errors = await lintErrors(
        file,
        `${line}\nexport const used = [${line.match(/\{ (\w+)/)![1]}]\n`,
      )
      expect(errors.join('\n')).toMatch(message)
    })
  }

  it('and lets the allowed direction through', async () => {
    const errors = await lintErrors(
      'app/services/allowed.server.ts',
      "import { db } from '~/utils/db.server'\nimport { countedSignature } from '~/models/rules.server'\nexport const used = [db, countedSignature]\n",
    )
    expect(errors).toEqual([])
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
