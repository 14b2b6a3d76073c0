/* global process, console */
/**
 * `npm start` and `npm run worker` on an installed checkout: plain
 * JavaScript, no TypeScript loader. It builds only when the sources
 * changed since the last build (a stamp of their paths, sizes and
 * modification times, kept in build/), then runs the compiled entry in
 * this very process, so that signals reach it. The build is `remix build`
 * (build/index.js, public/build/) and esbuild's bundle of the entry with
 * bin/, db/ and the server side of app/ (build/vigil-<entry>.js; the
 * packages in node_modules stay outside it). See decision 041.
 */
import { spawnSync } from 'node:child_process'
import cluster from 'node:cluster'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const entry = process.argv[2] === 'worker' ? 'worker' : 'server'
const ENTRIES = ['server', 'worker']
const SOURCES = ['app', 'bin', 'db', 'emails', 'public']
const FILES = ['package.json', 'package-lock.json', 'remix.config.js', 'tsconfig.json']
const stampFile = path.join(root, 'build', '.vigil-stamp')
const compiled = (name) => path.join(root, 'build', `vigil-${name}.js`)

/** Every source file's path, size and mtime, hashed: any edit, addition or removal changes it. */
function sourceStamp() {
  const hash = crypto.createHash('sha256')
  const visit = (dir) => {
    let entries
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const item of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) {
        if (full !== path.join(root, 'public', 'build')) visit(full)
      } else if (item.isFile()) {
        const stat = fs.statSync(full)
        hash.update(`${path.relative(root, full)}\0${stat.size}\0${stat.mtimeMs}\n`)
      }
    }
  }
  for (const dir of SOURCES) visit(path.join(root, dir))
  for (const file of FILES) {
    const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false })
    hash.update(`${file}\0${stat ? `${stat.size}\0${stat.mtimeMs}` : '-'}\n`)
  }
  return hash.digest('hex')
}

function upToDate(stamp) {
  const last = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : ''
  return (
    last === stamp &&
    fs.existsSync(path.join(root, 'build', 'index.js')) &&
    ENTRIES.every((name) => fs.existsSync(compiled(name)))
  )
}

async function build(stamp) {
  const remix = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  )
  if (remix.status !== 0) throw new Error(`remix build failed (exit ${remix.status})`)
  // esbuild ships with Remix's compiler; it is loaded only when there is something to build.
  const esbuild = await import('esbuild')
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(ENTRIES.map((name) => [`vigil-${name}`, `bin/${name}.ts`])),
    outdir: 'build',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: 'tsconfig.json',
    // The packages stay in node_modules; `~/…` (tsconfig's paths) is ours and bundled.
    plugins: [
      {
        name: 'packages-external',
        setup(b) {
          b.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }))
        },
      },
    ],
    logLevel: 'warning',
  })
  fs.writeFileSync(stampFile, stamp)
}

if (cluster.isPrimary) {
  const started = Date.now()
  const stamp = sourceStamp()
  if (upToDate(stamp)) {
    console.error(`build: up to date, not rebuilt (${Date.now() - started} ms)`)
  } else {
    console.error('build: sources changed since the last build, building')
    try {
      await build(stamp)
    } catch (error) {
      console.error(`Vigil cannot start: the build failed: ${error.message ?? error}`)
      process.exit(1)
    }
    console.error(`build: done (${Date.now() - started} ms)`)
  }
}

await import(pathToFileURL(compiled(entry)).href)
