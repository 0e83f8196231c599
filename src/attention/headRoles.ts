// What one attention head does, read from where each query puts its largest weight, in the terms interpretability
// papers use: the previous token, the first token (a resting place when nothing else matters), the token itself, an
// earlier copy of the same token, or the token just after an earlier copy (what an induction head looks at: Olsson et
// al. 2022, "In-context Learning and Induction Heads"). A key is of the first of these kinds that fits it, or of none.
//   weights [T, T]: row i is the query at position i, its softmax over keys 0..T-1
//   ids     [T]:    the token at each position
import type {Matrix} from "../linalg/index.js";

export const HEAD_ROLES = ["previous", "first", "self", "sameToken", "afterSameToken"] as const;
export type HeadRole = (typeof HEAD_ROLES)[number];

/** For each kind of key, the share of queries whose largest weight falls on a key of that kind. */
export type RoleShares = Record<HeadRole, number>;

function roleOf(i: number, j: number, ids: ArrayLike<number>): HeadRole | undefined {
  if (j === 0) return "first";
  if (j === i - 1) return "previous";
  if (j === i) return "self";
  if (ids[j] === ids[i]) return "sameToken";
  if (ids[j - 1] === ids[i]) return "afterSameToken";
  return undefined;
}

/** Where the queries of one head look hardest. Queries 0 and 1 are left out: their previous token is the first. */
export function headRoleShares(weights: Matrix, ids: ArrayLike<number>): RoleShares {
  if (weights.length !== ids.length) throw new RangeError(`${weights.length} rows of weights for ${ids.length} tokens`);
  const counts = Object.fromEntries(HEAD_ROLES.map((r) => [r, 0])) as RoleShares;
  for (let i = 2; i < weights.length; i++) {
    let top = 0;
    for (let j = 1; j <= i; j++) if (weights[i][j] > weights[i][top]) top = j;
    const role = roleOf(i, top, ids);
    if (role) counts[role]++;
  }
  const queries = Math.max(1, weights.length - 2);
  return Object.fromEntries(HEAD_ROLES.map((r) => [r, counts[r] / queries])) as RoleShares;
}

/** The kind of key that most queries (at least `threshold` of them) look at hardest; undefined when none does. */
export function headRole(shares: RoleShares, threshold = 0.5): HeadRole | undefined {
  const best = HEAD_ROLES.reduce((a, b) => (shares[b] > shares[a] ? b : a));
  return shares[best] >= threshold ? best : undefined;
}
