import { Transform } from 'class-transformer';

/** Query strings arrive as text: 'true'/'false' become booleans, anything else stays and fails validation. */
export const ToBoolean = () =>
  Transform(({ value }) =>
    value === 'true' || value === true ? true : value === 'false' || value === false ? false : value,
  );
