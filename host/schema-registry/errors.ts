/**
 * The registry's errors with the HTTP status and `error_code` Confluent's clients look for:
 * serializers and tools branch on `error_code` (40401, 409, 42201, ...), so the codes and the
 * wording follow Confluent's Schema Registry.
 */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  toJSON(): { error_code: number; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const subjectNotFound = (subject: string) =>
  new RegistryError(404, 40401, `Subject '${subject}' not found.`);

export const versionNotFound = (subject: string, version: number | string) =>
  new RegistryError(404, 40402, `Version ${version} not found for subject '${subject}'.`);

export const schemaNotFound = (detail = 'Schema not found') => new RegistryError(404, 40403, detail);

export const subjectSoftDeleted = (subject: string) =>
  new RegistryError(
    404,
    40404,
    `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`,
  );

export const subjectNotSoftDeleted = (subject: string) =>
  new RegistryError(
    404,
    40405,
    `Subject '${subject}' was not deleted first before being permanently deleted`,
  );

export const versionSoftDeleted = (subject: string, version: number) =>
  new RegistryError(
    404,
    40406,
    `Subject '${subject}' Version ${version} was soft deleted. Set permanent=true to delete permanently`,
  );

export const versionNotSoftDeleted = (subject: string, version: number) =>
  new RegistryError(
    404,
    40407,
    `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
  );

export const subjectConfigNotFound = (subject: string) =>
  new RegistryError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`);

export const incompatibleSchema = (subject: string, messages: readonly string[]) =>
  new RegistryError(
    409,
    409,
    `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`,
  );

export const invalidSchema = (detail: string) => new RegistryError(422, 42201, `Invalid schema ${detail}`);

export const invalidVersion = (version: string) =>
  new RegistryError(
    422,
    42202,
    `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  );

export const invalidCompatibilityLevel = (level: string) =>
  new RegistryError(
    422,
    42203,
    `Invalid compatibility level ${level}. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive`,
  );

export const unprocessable = (message: string) => new RegistryError(422, 422, message);

export const referenceExists = (subject: string, version: number) =>
  new RegistryError(
    422,
    42206,
    `One or more references exist to the schema {subject=${subject},version=${version}}.`,
  );

export const storeError = (message: string) =>
  new RegistryError(500, 50001, `Error in the backend data store - ${message}`);

export const notFound = () => new RegistryError(404, 404, 'HTTP 404 Not Found');
