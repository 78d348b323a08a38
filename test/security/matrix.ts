/** The authorization matrix: the reviewed access rule of every route, and what each persona should get. */
import type { RouteSpec } from '../../server/src/platform/routing';
import type { Persona, PersonaInfo } from './personas';

export type Rule = 'public' | 'authenticated' | readonly string[];

export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>) => `${r.method.toUpperCase()} ${r.path}`;

const same = (a: Rule, b: Rule) =>
  typeof a === 'string' || typeof b === 'string'
    ? a === b
    : a.length === b.length && [...a].sort().join() === [...b].sort().join();

const show = (r: Rule) => (typeof r === 'string' ? r : `[${r.join(', ')}]`);

/**
 * Differences between the route table and the reviewed rules: a route nobody reviewed, a rule that
 * changed, or a rule left for a route that is gone. Empty means the table matches the review.
 */
export function compareRules(routes: readonly RouteSpec[], rules: Record<string, Rule>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of routes) {
    const key = routeKey(r);
    seen.add(key);
    const rule = rules[key];
    if (rule === undefined) problems.push(`${key}: 没有经过审查的访问规则（access ${show(r.access)}）`);
    else if (!same(rule, r.access))
      problems.push(`${key}: 访问规则是 ${show(r.access)}，审查结果是 ${show(rule)}`);
  }
  for (const key of Object.keys(rules)) if (!seen.has(key)) problems.push(`${key}: 规则对应的接口已不存在`);
  return problems;
}

/** What the role gate must answer: 401, 403, or 'pass' (anything but 401 and 403). */
export function expectedGate(rule: Rule, p: PersonaInfo): 401 | 403 | 'pass' {
  if (rule === 'public') return 'pass';
  if (!p.token) return 401;
  if (rule === 'authenticated') return 'pass';
  return p.roles.some((role) => rule.includes(role)) ? 'pass' : 403;
}

/** A well-formed value for a path parameter that names nothing that exists. */
export function sampleParam(name: string): string {
  if (name === 'date') return '2026-12-01';
  if (name === 'year') return '2026';
  if (name === 'code') return 'ZZZZZZ';
  return 'ffffffffffffffffffffffff';
}

export function fillPath(path: string, fill: (name: string) => string = sampleParam) {
  return path.replace(/:([A-Za-z_]+)/g, (_, n: string) => encodeURIComponent(fill(n)));
}

export type { Persona };
