/**
 * Reading a suite: file → strict JSON (no repeated keys; a byte order mark is dropped) → schema check → model architectures → semantic checks →
 * a typed, hashed `LoadedSuite`. Any problem throws one UserError listing every problem found,
 * each with file:line:column, JSON pointer, what was expected and a hint. Nothing is written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { homedir } from 'node:os';
import { isUserError, UserError } from '../errors.ts';
import { suiteMessages as msg } from '../messages/suite.ts';
import type { ArchConfig } from '../models/arch.ts';
import { readHfArch } from '../models/hf-dir.ts';
import { firstNonFinite } from '../report/first-non-finite.ts';
import type { Suite } from '../types/suite.ts';
import { parseJsonDocument, stripBom, type DuplicateKey, type JsonDocument } from './json-text.ts';
import type { SuiteIssue } from './issue.ts';
import { checkSuiteSchema } from './schema-check.ts';
import { parseModelSource, resolveModelArch } from './resolve-arch.ts';
import { checkSuiteSemantics } from './semantic-check.ts';

export interface LoadedSuite {
  /** The path as the user gave it (used in messages). */
  file: string;
  suite: Suite;
  /** Content hash of the file text (sha256, first 16 hex digits). */
  hash: string;
  /** Resolved architecture of every model, by model id. */
  archs: ReadonlyMap<string, ArchConfig>;
  /** Model sources with local directories made absolute (hub and tiny sources unchanged), by model id. */
  sources: ReadonlyMap<string, string>;
}

/** Reads the ArchConfig of a local model directory (its config.json). */
export type LocalArchReader = (dir: string) => ArchConfig;

function formatIssues(file: string, doc: JsonDocument, issues: readonly SuiteIssue[]): string {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ordered = [...unique].sort((a, b) => doc.offsetOf(a.pointer) - doc.offsetOf(b.pointer));
  const lines = ordered.map((i) => {
    const at = doc.locate(i.pointer, { key: i.atKey === true });
    return msg.problemLine(file, at.line, at.column, i.pointer, i.text);
  });
  return [msg.header(file, unique.length), ...lines].join('\n');
}

function formatDuplicateKeys(file: string, duplicates: readonly DuplicateKey[]): string {
  const lines = duplicates.map((d) => msg.problemLine(file, d.at.line, d.at.column, d.pointer, msg.duplicateKey(d.key, d.first.line, d.first.column)));
  return [msg.duplicateKeys(file, duplicates.length), ...lines].join('\n');
}

/** Local model directories are relative to the suite file's folder; `~` is the home directory. */
export function modelDirFor(source: string, suiteDir: string): string {
  if (source.startsWith('~/')) return resolve(homedir(), source.slice(2));
  return isAbsolute(source) ? source : resolve(suiteDir, source);
}

/** The `reftbench model tiny` kind closest to a model: its arch's modelType, else by family (and folder name). */
function tinyKindFor(model: Suite['models'][number], dir: string): string {
  return model.arch?.modelType ?? (model.family === 'decoder' ? 'llama' : /roberta/i.test(basename(dir)) ? 'roberta' : 'bert');
}

/**
 * Validates suite text. `file` names it in messages; `suiteDir` (default: the folder of `file`)
 * anchors relative model directories.
 */
export function parseSuiteText(
  text: string, file: string, readLocalArch: LocalArchReader = readHfArch, suiteDir: string = dirname(resolve(file)),
): LoadedSuite {
  const parsed = parseJsonDocument(text);
  if (!parsed.ok) throw new UserError(msg.invalidJson(file, parsed.position.line, parsed.position.column, msg.jsonProblem(parsed.problem)));
  const { doc } = parsed;
  if (doc.duplicateKeys.length > 0) throw new UserError(formatDuplicateKeys(file, doc.duplicateKeys));
  // JSON.parse reads 1e999 as Infinity, which the schema takes for a number and the plan cannot use.
  const overflow = firstNonFinite(doc.value);
  const schemaIssues = [...(overflow === undefined ? [] : [{ pointer: overflow, text: msg.numberNotFinite() }]), ...checkSuiteSchema(doc.value)];
  if (schemaIssues.length > 0) throw new UserError(formatIssues(file, doc, schemaIssues));
  const suite = doc.value as Suite;
  const archs = new Map<string, ArchConfig>();
  const sources = new Map<string, string>();
  const archIssues: SuiteIssue[] = [];
  suite.models.forEach((model, i) => {
    const source = parseModelSource(model.source);
    const dir = source.kind === 'local' ? modelDirFor(source.dir, suiteDir) : undefined;
    sources.set(model.id, dir ?? model.source);
    let local: ArchConfig | undefined;
    if (dir !== undefined) {
      // A folder that is missing or is no model is a problem at the model's source, with its fix.
      try {
        local = readLocalArch(dir);
      } catch (error) {
        if (!isUserError(error)) throw error;
        archIssues.push({ pointer: `/models/${i}/source`, text: existsSync(dir) ? error.message : msg.modelDirMissing(dir, tinyKindFor(model, dir)) });
        return;
      }
    }
    const outcome = resolveModelArch(model, `/models/${i}`, local);
    if (outcome.arch !== undefined) archs.set(model.id, outcome.arch);
    else archIssues.push(...outcome.issues);
  });
  const issues = [...archIssues, ...checkSuiteSemantics(suite, archs)];
  if (issues.length > 0) throw new UserError(formatIssues(file, doc, issues));
  // A byte order mark is not content: the same suite with or without one has the same hash.
  const hash = createHash('sha256').update(stripBom(text)).digest('hex').slice(0, 16);
  return { file, suite, hash, archs, sources };
}

/** Reads and validates a suite file (path relative to `cwd`). */
export function loadSuite(path: string, cwd: string, readLocalArch: LocalArchReader = readHfArch): LoadedSuite {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(msg.unreadable(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error)));
  }
  const shown = isAbsolute(path) ? path : relative(cwd, absolute) || path;
  return parseSuiteText(text, shown, readLocalArch, dirname(absolute));
}
