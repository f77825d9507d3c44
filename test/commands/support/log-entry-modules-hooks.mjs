// Loader hooks for log-entry-modules.mjs: every resolution passes through, unchanged.
import { writeSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/\/src\/cli\.ts$|\/\.cache\/cli\/[^/]+\/cli\.mjs$/.test(resolved.url)) writeSync(2, `loaded ${resolved.url}\n`);
  return resolved;
}
