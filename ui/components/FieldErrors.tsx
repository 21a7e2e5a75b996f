export interface FieldErrorsProps {
  id: string;
  errors?: string[] | undefined;
}

/** The problems of one field, shown next to it; referenced by the field's aria-describedby. */
export function FieldErrors({ id, errors }: FieldErrorsProps) {
  if (!errors?.length) return null;
  return (
    <ul class="field-errors" id={id} data-testid="field-errors">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}
