/** The host's config issues sorted back onto the New run form's fields, by config path. */
import type { ConfigIssue } from '../../../../shared/config';
import { FIELD_PATHS, isFieldVisible, type ConfigForm, type FieldId } from './config-form';

export interface SortedIssues {
  /** Messages per visible field. */
  byField: Partial<Record<FieldId, string[]>>;
  /** Issues no visible field owns, shown above the form with their path. */
  other: ConfigIssue[];
}

function segments(path: string): string[] {
  return path === '(config)' ? [] : path.split('.');
}

/** Each issue goes to the visible field whose config path is the longest prefix of the issue's path. */
export function sortIssues(issues: readonly ConfigIssue[], form: ConfigForm): SortedIssues {
  const fields = (Object.keys(FIELD_PATHS) as FieldId[]).filter((field) => isFieldVisible(form, field));
  const byField: Partial<Record<FieldId, string[]>> = {};
  const other: ConfigIssue[] = [];
  for (const issue of issues) {
    const issuePath = segments(issue.path);
    let owner: FieldId | null = null;
    let ownerLength = -1;
    for (const field of fields) {
      const fieldPath = segments(FIELD_PATHS[field]);
      const isPrefix = fieldPath.length <= issuePath.length && fieldPath.every((segment, index) => issuePath[index] === segment);
      if (isPrefix && fieldPath.length > ownerLength) {
        owner = field;
        ownerLength = fieldPath.length;
      }
    }
    if (owner) (byField[owner] ??= []).push(issue.message);
    else other.push(issue);
  }
  return { byField, other };
}
