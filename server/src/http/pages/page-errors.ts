import { DomainError, type FieldIssue } from '../../domain/errors.js';

export interface FormErrors {
  errors: FieldIssue[];
  fieldErrors: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { errors: [], fieldErrors: {} };

/** Field-level errors for the summary and the fields; null when `error` is not a user mistake. */
export function formErrorsOf(error: unknown): FormErrors | null {
  if (!(error instanceof DomainError) || error.kind !== 'invalid') return null;
  const errors = error.fields.length > 0 ? error.fields : [{ field: '', message: error.message }];
  const fieldErrors: Record<string, string> = {};
  for (const issue of errors) if (issue.field) fieldErrors[issue.field] ??= issue.message;
  return { errors, fieldErrors };
}

/** One message at the top of the form, not tied to a field. */
export function formMessage(message: string, field = ''): FormErrors {
  return { errors: [{ field, message }], fieldErrors: field ? { [field]: message } : {} };
}
