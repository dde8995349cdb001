/** The contract's bounds on a reason (memberMethods `reason`) and on an optional note. */
export const REASON_MIN = 2;
export const REASON_MAX = 200;

/** The form's values, or null when it shows what is missing. */
export async function validated<T>(form: { validateFields(): Promise<T> }): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
