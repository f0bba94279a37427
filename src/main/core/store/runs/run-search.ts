/**
 * What the runs search box matches. Every word must match (AND):
 * - a plain word matches the name, notes or tags (FTS5 prefix), or the start of any value in the
 *   run's config ("conv", "fashion", "iwae", "0.003");
 * - `key=value` matches a config field by its name or dotted path and its exact value
 *   ("latentDim=2", "optim.lr=1e-3", "hidden=400" for any layer of 400).
 * Config values are read with SQLite's json_tree, so no index or migration is needed.
 */
/** A config leaf as text: booleans as true/false (json_tree gives 1/0), numbers as SQLite prints them. */
const LEAF_TEXT = "CASE c.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(c.atom AS TEXT) END";
const LEAF_TYPES = "c.type IN ('text', 'integer', 'real', 'true', 'false')";

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function searchConditions(search: string): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const words = search.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  words.forEach((word, i) => {
    const field = /^([A-Za-z][\w.]*)=(.+)$/.exec(word);
    if (field) {
      const [, key = '', value = ''] = field;
      const number = Number(value);
      params[`key${i}`] = key;
      params[`value${i}`] = value.toLowerCase();
      params[`number${i}`] = value.trim() !== '' && Number.isFinite(number) ? number : null;
      where.push(
        `EXISTS (SELECT 1 FROM json_tree(r.config) AS c WHERE ${LEAF_TYPES}
           AND (c.fullkey = '$.' || $key${i} OR c.fullkey LIKE '%.' || $key${i}
                OR typeof(c.key) = 'integer' AND (c.path = '$.' || $key${i} OR c.path LIKE '%.' || $key${i}))
           AND (lower(${LEAF_TEXT}) = $value${i} OR (c.type IN ('integer', 'real') AND c.atom = $number${i})))`,
      );
      return;
    }
    const match = ftsMatchExpression(word);
    params[`match${i}`] = match;
    params[`prefix${i}`] = `${escapeLike(word.toLowerCase())}%`;
    where.push(
      `(r.seq IN (SELECT rowid FROM run_search WHERE run_search MATCH $match${i})
        OR EXISTS (SELECT 1 FROM json_tree(r.config) AS c WHERE ${LEAF_TYPES} AND lower(${LEAF_TEXT}) LIKE $prefix${i} ESCAPE '\\'))`,
    );
  });
  return { where, params };
}

/**
 * Turns what a person types into an FTS5 query that cannot be a syntax error: every word becomes a
 * quoted prefix term ("beta"*), all of them required. Returns null when nothing searchable is left.
 */
export function ftsMatchExpression(search: string): string | null {
  const words = search.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}
